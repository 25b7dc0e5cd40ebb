using System.Threading.Channels;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Services;

/// <summary>Where a <see cref="ChangeFollower"/> fetches what the stream did not deliver: the feed's catch-up query.</summary>
public interface IChangeFeedSource
{
    /// <summary>The sequence number of the newest event.</summary>
    Task<long> Current();

    /// <summary>Recorded events after <paramref name="sequence"/>, oldest first (<c>GET /events?since=N</c>).</summary>
    Task<ChangeFeedPage> Since(long sequence);
}

/// <summary>
/// Hands change-feed events to a page one batch at a time, in sequence order and without gaps. The stream delivers
/// events on its own thread and waits for each listener, so the listener only queues them here; a single loop then
/// passes them on in order, gathering those that piled up while the page was still busy with the previous ones
/// (a burst of saves becomes one refresh).
/// </summary>
/// <remarks>
/// The stream is a hint and can lose events (a silo going away, a queue rebalancing). The follower knows the last
/// sequence it handed over: when an event arrives with a later one than the next, or a periodic check finds the feed
/// ahead (a lost event at the end, or the circuit's connection was away), it fetches the missing events with the
/// feed's <c>since</c> query and hands them over in order. Only when the feed no longer holds them (it keeps the last
/// 1,000) does the page see a jump in sequence numbers, and reloads.
/// </remarks>
public sealed class ChangeFollower(Func<IReadOnlyList<ChangeEvent>, Task> onChanges, IChangeFeedSource feed, ILogger logger,
    TimeSpan? checkEvery = null) : IAsyncDisposable
{
    readonly Channel<ChangeEvent?> queue = Channel.CreateUnbounded<ChangeEvent?>(new UnboundedChannelOptions { SingleReader = true });
    IAsyncDisposable? registration;
    Timer? check;
    Task loop = Task.CompletedTask;
    long last;

    /// <summary>The sequence number of the last event handed over.</summary>
    public long Last => Interlocked.Read(ref last);

    /// <summary>Notes where the feed stands before the subscription starts: events after it are the page's news.</summary>
    public async Task Begin() => last = await feed.Current();

    public Task Enqueue(ChangeEvent change)
    {
        queue.Writer.TryWrite(change);
        return Task.CompletedTask;
    }

    public void Start(IAsyncDisposable feedRegistration)
    {
        registration = feedRegistration;
        var period = checkEvery ?? TimeSpan.FromSeconds(15);
        check = new Timer(_ => queue.Writer.TryWrite(null), null, period, period);
        loop = Run();
    }

    async Task Run()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var arrived = new List<ChangeEvent>();
            var probe = false;
            while (reader.TryRead(out var change))
            {
                if (change is null)
                    probe = true;
                else
                    arrived.Add(change);
            }
            try
            {
                var batch = await Complete(arrived, probe);
                if (batch.Count == 0)
                    continue;
                Interlocked.Exchange(ref last, batch[^1].Sequence);
                await onChanges(batch);
            }
            catch (Exception e)
            {
                // The page may be gone (circuit closed) or one refresh failed; the next event tries again.
                logger.LogWarning(e, "Applying {Count} change feed events to the page failed", arrived.Count);
            }
        }
    }

    /// <summary>The arrived events after the last one handed over, with any missing ones before them fetched from the feed.</summary>
    async Task<IReadOnlyList<ChangeEvent>> Complete(List<ChangeEvent> arrived, bool probe)
    {
        var after = Last;
        var fresh = arrived.Where(e => e.Sequence > after).DistinctBy(e => e.Sequence).OrderBy(e => e.Sequence).ToList();
        var gap = fresh.Count > 0 && fresh[^1].Sequence - after > fresh.Count;
        if (!gap && !(probe && fresh.Count == 0 && await feed.Current() > after))
            return fresh;
        var page = await feed.Since(after);
        if (page.Truncated)
            logger.LogInformation("The change feed no longer holds the events after {Sequence}; the page reloads", after);
        return page.Events.Concat(fresh).Where(e => e.Sequence > after).DistinctBy(e => e.Sequence).OrderBy(e => e.Sequence).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (check is not null)
            await check.DisposeAsync();
        if (registration is not null)
            await registration.DisposeAsync();
        queue.Writer.TryComplete();
        await loop;
    }
}
