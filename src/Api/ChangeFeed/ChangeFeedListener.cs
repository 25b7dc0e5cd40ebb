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
/// <para>
/// Orleans streams can leave a subscription deaf: registered with pub-sub, yet the pulling agent never delivers
/// to it (dotnet/orleans#9739, #9828). So <see cref="Reconcile"/> (run every <see cref="ChangeFeedWatchdog.Period"/>)
/// compares each subscribed feed's sequence with the last one this node delivered; a gap that outlives one period
/// is filled from the feed's since query and the subscription is renewed, so unnumbered events (presence, live
/// edits) flow again too. Numbered events are delivered once and in order, whichever path brings them.
/// </para>
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

    /// <summary>Fills and heals the feeds whose subscription fell behind the feed for longer than one check (see the class remarks).</summary>
    public async Task Reconcile()
    {
        List<RepositoryFeed> subscribed;
        lock (gate)
            subscribed = feeds.Values.Where(f => f.IsSubscribed).ToList();
        foreach (var feed in subscribed)
        {
            try
            {
                await feed.Reconcile();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not reconcile the change feed of {Repository}", feed.RepositoryId);
            }
        }
    }

    sealed class RepositoryFeed(string repositoryId, ChangeFeedListener owner)
    {
        readonly SemaphoreSlim changing = new(1, 1);
        readonly SemaphoreSlim delivering = new(1, 1);
        ImmutableList<Func<ChangeEvent, Task>> handlers = [];
        StreamSubscriptionHandle<ChangeEvent>? subscription;
        // The last numbered event handed to the handlers, and the feed's sequence when the previous check saw it behind.
        long delivered;
        long? behindSince;
        const int MaxCatchUp = 1000;

        public string RepositoryId => repositoryId;

        public bool IsSubscribed => subscription is not null;

        IChangeFeedGrain Feed => owner.cluster.GetGrain<IChangeFeedGrain>(repositoryId);

        IAsyncStream<ChangeEvent> Stream => owner.cluster.GetStreamProvider(ChangeFeedStream.Provider)
            .GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repositoryId));

        public async Task Add(Func<ChangeEvent, Task> handler)
        {
            await changing.WaitAsync();
            try
            {
                handlers = handlers.Add(handler);
                if (subscription is null)
                {
                    subscription = await Stream.SubscribeAsync((change, _) => Dispatch(change));
                    // Handlers start at the feed as it is now; earlier events are the since query's (JoinRepository says where to start).
                    RaiseDelivered(await Feed.GetSequence());
                    behindSince = null;
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

        /// <summary>One check: a gap seen twice in a row is filled from the feed, and the subscription renewed.</summary>
        public async Task Reconcile()
        {
            var sequence = await Feed.GetSequence();
            if (sequence <= Volatile.Read(ref delivered))
            {
                behindSince = null;
                return;
            }
            if (behindSince is not { } earlier || Volatile.Read(ref delivered) >= earlier)
            {
                // Behind, but not yet for a whole period: the stream may simply not have delivered yet.
                behindSince = sequence;
                return;
            }
            owner.logger.LogWarning("The change feed of {Repository} stopped delivering after event {Delivered} (feed at {Sequence}); catching up and resubscribing",
                repositoryId, Volatile.Read(ref delivered), sequence);
            var missed = await Feed.GetSince(Volatile.Read(ref delivered), MaxCatchUp);
            foreach (var change in missed.Events)
                await Dispatch(change);
            behindSince = null;
            await Renew();
        }

        void RaiseDelivered(long sequence)
        {
            var seen = Volatile.Read(ref delivered);
            while (sequence > seen && Interlocked.CompareExchange(ref delivered, sequence, seen) is var found && found != seen)
                seen = found;
        }

        async Task Renew()
        {
            await changing.WaitAsync();
            try
            {
                if (subscription is null)
                    return;
                var deaf = subscription;
                subscription = await Stream.SubscribeAsync((change, _) => Dispatch(change));
                await deaf.UnsubscribeAsync();
            }
            finally
            {
                changing.Release();
            }
        }

        async Task Dispatch(ChangeEvent change)
        {
            await delivering.WaitAsync();
            try
            {
                if (change.Sequence > 0)
                {
                    // Numbered events may come twice (the stream after a catch-up): each goes out once, in order.
                    if (change.Sequence <= Volatile.Read(ref delivered))
                        return;
                    RaiseDelivered(change.Sequence);
                }
                await Deliver(change);
            }
            finally
            {
                delivering.Release();
            }
        }

        async Task Deliver(ChangeEvent change)
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
