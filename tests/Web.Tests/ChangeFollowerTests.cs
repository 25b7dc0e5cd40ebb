using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ContextKit.Web.Tests;

/// <summary>The UI's change-feed follower hands pages every event once, in order, even when the stream loses some.</summary>
public sealed class ChangeFollowerTests
{
    /// <summary>The feed as the change-feed grain keeps it: every event recorded, whatever the stream delivered.</summary>
    sealed class RecordedFeed : IChangeFeedSource
    {
        readonly List<ChangeEvent> events = [];
        public int SinceQueries { get; private set; }

        public ChangeEvent Record()
        {
            lock (events)
            {
                var change = new ChangeEvent("repo", events.Count + 1, ChangeKinds.FileWritten, "main", [$"f{events.Count + 1}.md"], null, "u", DateTimeOffset.UtcNow);
                events.Add(change);
                return change;
            }
        }

        public Task<long> Current()
        {
            lock (events)
                return Task.FromResult((long)events.Count);
        }

        public Task<ChangeFeedPage> Since(long sequence)
        {
            lock (events)
            {
                SinceQueries++;
                return Task.FromResult(new ChangeFeedPage(events.Where(e => e.Sequence > sequence).ToList(), events.Count, false));
            }
        }
    }

    sealed class NoRegistration : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    static async Task<List<long>> Follow(RecordedFeed feed, Func<ChangeFollower, Task> stream, long until, TimeSpan? checkEvery = null)
    {
        var handed = new List<long>();
        var follower = new ChangeFollower(batch =>
        {
            lock (handed)
                handed.AddRange(batch.Select(e => e.Sequence));
            return Task.CompletedTask;
        }, feed, NullLogger.Instance, checkEvery);
        await follower.Begin();
        follower.Start(new NoRegistration());
        await stream(follower);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (follower.Last < until && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        await follower.DisposeAsync();
        return handed;
    }

    [Fact]
    public async Task An_event_the_stream_dropped_is_fetched_from_the_feed_and_handed_over_in_order()
    {
        var feed = new RecordedFeed();
        var handed = await Follow(feed, async follower =>
        {
            await follower.Enqueue(feed.Record());
            await follower.Enqueue(feed.Record());
            feed.Record(); // 3: lost on the way, on purpose
            await follower.Enqueue(feed.Record());
            await follower.Enqueue(feed.Record());
            await follower.Enqueue(feed.Record());
        }, until: 6);

        Assert.Equal([1, 2, 3, 4, 5, 6], handed);
        Assert.True(feed.SinceQueries >= 1);
    }

    [Fact]
    public async Task Duplicates_and_events_from_before_following_began_are_not_handed_over_again()
    {
        var feed = new RecordedFeed();
        var before = feed.Record();
        var handed = await Follow(feed, async follower =>
        {
            await follower.Enqueue(before);
            var second = feed.Record();
            await follower.Enqueue(second);
            await follower.Enqueue(second);
        }, until: 2);

        Assert.Equal([2], handed);
        Assert.Equal(0, feed.SinceQueries);
    }

    [Fact]
    public async Task A_lost_last_event_is_noticed_by_the_periodic_check_and_caught_up()
    {
        var feed = new RecordedFeed();
        var handed = await Follow(feed, async follower =>
        {
            await follower.Enqueue(feed.Record());
            feed.Record(); // 2: lost, and nothing comes after it to reveal the gap
        }, until: 2, checkEvery: TimeSpan.FromMilliseconds(50));

        Assert.Equal([1, 2], handed);
    }
}
