using System.Collections.Immutable;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ContextKit.Api.ChangeFeed;

/// <summary>
/// This node's window on the change feed. Hub connections and UI circuits register handlers for a
/// repository; the node holds one stream subscription per repository while at least one handler is
/// registered, and drops it after the last one leaves.
/// </summary>
public sealed class ChangeFeedListener(IClusterClient cluster, ILogger<ChangeFeedListener> logger)
{
    readonly IClusterClient cluster = cluster;
    readonly ILogger<ChangeFeedListener> logger = logger;
    readonly Lock gate = new();
    readonly Dictionary<string, RepositoryFeed> feeds = [];

    /// <summary>Calls <paramref name="handler"/> for each event of the repository until the returned registration is disposed.</summary>
    public async Task<IAsyncDisposable> Listen(string repositoryId, Func<ChangeEvent, Task> handler)
    {
        RepositoryFeed feed;
        lock (gate)
        {
            if (!feeds.TryGetValue(repositoryId, out feed!))
                feeds[repositoryId] = feed = new RepositoryFeed(repositoryId, this);
        }
        await feed.Add(handler);
        return new Registration(() => feed.Remove(handler));
    }

    /// <summary>Repositories this node currently has a stream subscription for (for diagnostics and tests).</summary>
    public IReadOnlyList<string> Subscribed()
    {
        lock (gate)
            return feeds.Where(f => f.Value.IsSubscribed).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
    }

    sealed class RepositoryFeed(string repositoryId, ChangeFeedListener owner)
    {
        readonly SemaphoreSlim changing = new(1, 1);
        ImmutableList<Func<ChangeEvent, Task>> handlers = [];
        StreamSubscriptionHandle<ChangeEvent>? subscription;

        public bool IsSubscribed => subscription is not null;

        public async Task Add(Func<ChangeEvent, Task> handler)
        {
            await changing.WaitAsync();
            try
            {
                handlers = handlers.Add(handler);
                if (subscription is null)
                {
                    var stream = owner.cluster.GetStreamProvider(ChangeFeedStream.Provider)
                        .GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repositoryId));
                    subscription = await stream.SubscribeAsync((change, _) => Dispatch(change));
                }
            }
            catch
            {
                handlers = handlers.Remove(handler);
                throw;
            }
            finally
            {
                changing.Release();
            }
        }

        public async ValueTask Remove(Func<ChangeEvent, Task> handler)
        {
            await changing.WaitAsync();
            try
            {
                handlers = handlers.Remove(handler);
                if (handlers.IsEmpty && subscription is not null)
                {
                    var handle = subscription;
                    subscription = null;
                    await handle.UnsubscribeAsync();
                }
            }
            catch (Exception e)
            {
                owner.logger.LogWarning(e, "Could not unsubscribe from the change feed of {Repository}", repositoryId);
            }
            finally
            {
                changing.Release();
            }
        }

        async Task Dispatch(ChangeEvent change)
        {
            ContextKitMetrics.ChangeFeedLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - change.At).TotalSeconds));
            foreach (var handler in handlers)
            {
                try
                {
                    await handler(change);
                }
                catch (Exception e)
                {
                    // One broken listener (a closed circuit, say) must not keep the event from the others.
                    owner.logger.LogWarning(e, "A change feed listener of {Repository} failed on event {Sequence}", repositoryId, change.Sequence);
                }
            }
        }
    }

    sealed class Registration(Func<ValueTask> release) : IAsyncDisposable
    {
        int released;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref released, 1) == 0 ? release() : ValueTask.CompletedTask;
    }
}
