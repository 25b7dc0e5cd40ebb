using System.Collections.Immutable;
using System.Threading.Channels;
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
/// compares three marks with what this node delivered: each subscribed feed's sequence, the version of its presence, and
/// the version of each live document a participant on this node has open (<see cref="WatchDocument"/>). A mark that
/// stays behind for a whole period is filled from the grain's own state (the feed's since query, the current presence,
/// the document's recent edits) and the subscription is renewed. Numbered events, presence and the edits of watched
/// documents are delivered once and in order, whichever path brings them.
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
        var queue = new HandlerQueue(handler, repositoryId, logger);
        await feed.Add(queue);
        return new Registration(() => feed.Remove(queue));
    }

    /// <summary>
    /// Says that a participant on this node opened a live document at <paramref name="openedAt"/> (call it again after each
    /// reopen): until the registration is disposed, the document's edits reach the handlers once and in version order, and
    /// edits the stream missed are fetched from the document (see the class remarks). Listen to the repository first.
    /// </summary>
    public IDisposable WatchDocument(string repositoryId, string branch, string path, long openedAt)
    {
        RepositoryFeed feed;
        lock (gate)
        {
            if (!feeds.TryGetValue(repositoryId, out feed!))
                feeds[repositoryId] = feed = new RepositoryFeed(repositoryId, this);
        }
        return feed.Watch(DocumentKey.For(repositoryId, branch, path), openedAt);
    }

    /// <summary>Repositories this node currently has a stream subscription for (for diagnostics and tests).</summary>
    public IReadOnlyList<string> Subscribed()
    {
        lock (gate)
            return feeds.Where(f => f.Value.IsSubscribed).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Starts a check of every subscribed feed (see the class remarks) and returns. Each feed is checked on its own, so a
    /// check stuck on one repository's grains holds up no other; a feed still in its previous check is skipped.
    /// </summary>
    public void Reconcile()
    {
        List<RepositoryFeed> subscribed;
        lock (gate)
            subscribed = feeds.Values.Where(f => f.IsSubscribed).ToList();
        foreach (var feed in subscribed)
            _ = feed.TryReconcile();
    }

    sealed class RepositoryFeed(string repositoryId, ChangeFeedListener owner)
    {
        readonly SemaphoreSlim changing = new(1, 1);
        readonly Lock delivering = new();
        int checking;
        ImmutableList<HandlerQueue> handlers = [];
        StreamSubscriptionHandle<ChangeEvent>? subscription;
        // How far numbered events, and presence snapshots, have been handed to the handlers.
        readonly DeliveryMark events = new(), presence = new();
        // Live documents open on this node (document key → how far delivered, and how many participants watch it).
        readonly Dictionary<string, WatchedDocument> documents = [];
        const int MaxCatchUp = 1000;

        public string RepositoryId => repositoryId;

        public bool IsSubscribed => subscription is not null;

        IChangeFeedGrain Feed => owner.cluster.GetGrain<IChangeFeedGrain>(repositoryId);

        IPresenceGrain Presence => owner.cluster.GetGrain<IPresenceGrain>(repositoryId);

        IAsyncStream<ChangeEvent> Stream => owner.cluster.GetStreamProvider(ChangeFeedStream.Provider)
            .GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repositoryId));

        public async Task Add(HandlerQueue handler)
        {
            await changing.WaitAsync();
            try
            {
                handlers = handlers.Add(handler);
                if (subscription is null)
                {
                    subscription = await Stream.SubscribeAsync((change, _) => Dispatch(change));
                    // Handlers start at the feed as it is now; earlier events are the since query's (JoinRepository
                    // says where to start), and who is there now is SetPresence's answer.
                    events.Advance(await Feed.GetSequence());
                    presence.Advance((await Presence.Snapshot()).Version);
                }
            }
            catch
            {
                handler.Stop();
                handlers = handlers.Remove(handler);
                throw;
            }
            finally
            {
                changing.Release();
            }
        }

        public async ValueTask Remove(HandlerQueue handler)
        {
            handler.Stop();
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

        public IDisposable Watch(string key, long openedAt)
        {
            WatchedDocument document;
            lock (documents)
            {
                if (!documents.TryGetValue(key, out document!))
                    documents[key] = document = new WatchedDocument();
                document.Watchers++;
                // The first participant starts the mark at its snapshot. A later one must not move it on (edits before its
                // snapshot may still be on their way to the others); a snapshot below the mark means the session restarted.
                // An edit delivered between the snapshot and this call may be handed over once more by a check: clients
                // skip versions they have (their own edits come back the same way).
                if (document.Watchers == 1 || openedAt < document.Mark.Delivered)
                    document.Mark.Reset(openedAt);
            }
            return new Unwatch(() =>
            {
                lock (documents)
                {
                    if (--document.Watchers == 0)
                        documents.Remove(key);
                }
            });
        }

        /// <summary>Runs one check unless the previous one is still running.</summary>
        public async Task TryReconcile()
        {
            if (Interlocked.Exchange(ref checking, 1) == 1)
                return;
            try
            {
                await Reconcile();
            }
            catch (Exception e)
            {
                owner.logger.LogWarning(e, "Could not reconcile the change feed of {Repository}", repositoryId);
            }
            finally
            {
                Volatile.Write(ref checking, 0);
            }
        }

        /// <summary>
        /// One check: numbered events, a presence change or live edits that stayed undelivered for a whole period are
        /// handed over from the grains' own state, and the subscription is renewed.
        /// </summary>
        async Task Reconcile()
        {
            var sequence = Feed.GetSequence();
            var present = Presence.Snapshot();
            var missedEvents = events.StuckBehind(await sequence);
            var missedPresence = presence.StuckBehind((await present).Version);
            var missedEdits = await MissedEdits();
            if (!missedEvents && !missedPresence && missedEdits.Count == 0)
                return;
            owner.logger.LogWarning("The change feed of {Repository} stopped delivering (events delivered to {Delivered}, feed at {Sequence}; presence {PresenceBehind}; {Edits} live edits missed); catching up and resubscribing",
                repositoryId, events.Delivered, sequence.Result, missedPresence ? "behind" : "current", missedEdits.Count);
            if (missedEvents)
            {
                var missed = await Feed.GetSince(events.Delivered, MaxCatchUp);
                foreach (var change in missed.Events)
                    await Dispatch(change);
            }
            if (missedPresence)
                await Dispatch(new ChangeEvent(repositoryId, 0, ChangeKinds.PresenceChanged, null, [], null, null, DateTimeOffset.UtcNow, Presence: present.Result));
            foreach (var edit in missedEdits)
                await Dispatch(edit);
            await Renew();
        }

        /// <summary>The edits of watched documents that have been missing for a whole period.</summary>
        async Task<List<ChangeEvent>> MissedEdits()
        {
            List<(string Key, WatchedDocument Document)> watched;
            lock (documents)
                watched = documents.Select(d => (d.Key, d.Value)).ToList();
            var missed = new List<ChangeEvent>();
            foreach (var (key, document) in watched)
            {
                var current = await owner.cluster.GetGrain<IDocumentGrain>(key).EditsSince(document.Mark.Delivered);
                if (current.Version < document.Mark.Delivered)
                    document.Mark.Reset(current.Version); // The session started over (it ended, or could not be kept when its node went): follow the new one.
                else if (document.Mark.StuckBehind(current.Version))
                    missed.AddRange(current.Edits);
            }
            return missed;
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

        Task Dispatch(ChangeEvent change)
        {
            lock (delivering)
            {
                // Numbered events, presence snapshots and watched documents' edits may come twice (the stream after a
                // catch-up), or a snapshot after a newer one: each goes out once, in order.
                if (change.Sequence > 0 && !events.Advance(change.Sequence))
                    return Task.CompletedTask;
                if (change is { Kind: ChangeKinds.PresenceChanged, Presence: { } snapshot } && !presence.Advance(snapshot.Version))
                    return Task.CompletedTask;
                if (change is { Kind: ChangeKinds.DocumentEdited, Document: { } edit } && Watched(change.Branch!, edit.Path) is { } document
                    && !document.Mark.Advance(edit.Version))
                    return Task.CompletedTask;
                ContextKitMetrics.ChangeFeedLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - change.At).TotalSeconds));
                foreach (var handler in handlers)
                    handler.Post(change);
            }
            return Task.CompletedTask;
        }

        WatchedDocument? Watched(string branch, string path)
        {
            lock (documents)
                return documents.GetValueOrDefault(DocumentKey.For(repositoryId, branch, path));
        }
    }

    /// <summary>
    /// One handler's own queue of events, run in order by its own loop: a slow handler (a circuit whose browser is gone
    /// waits up to a minute on each JavaScript call) delays only itself, never the feed, the other handlers or the
    /// watchdog. A handler more than <see cref="Capacity"/> events behind loses the oldest (pages catch up from the feed).
    /// </summary>
    sealed class HandlerQueue
    {
        const int Capacity = 1000;
        readonly Channel<ChangeEvent> queue = Channel.CreateBounded<ChangeEvent>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
        readonly Func<ChangeEvent, Task> handle;
        readonly string repositoryId;
        readonly ILogger logger;
        volatile bool stopped;

        public HandlerQueue(Func<ChangeEvent, Task> handle, string repositoryId, ILogger logger)
        {
            this.handle = handle;
            this.repositoryId = repositoryId;
            this.logger = logger;
            _ = Task.Run(Run);
        }

        public void Post(ChangeEvent change) => queue.Writer.TryWrite(change);

        /// <summary>No further calls, not even for events already queued.</summary>
        public void Stop()
        {
            stopped = true;
            queue.Writer.TryComplete();
        }

        async Task Run()
        {
            await foreach (var change in queue.Reader.ReadAllAsync())
            {
                if (stopped)
                    return;
                try
                {
                    await handle(change);
                }
                catch (Exception e)
                {
                    // One broken listener (a closed circuit, say) must not keep the event from the others.
                    logger.LogWarning(e, "A change feed listener of {Repository} failed on event {Sequence}", repositoryId, change.Sequence);
                }
            }
        }
    }

    /// <summary>
    /// How far one kind of numbered (or versioned) event has been delivered, and whether its source has stayed ahead of that for a
    /// whole check (the stream may simply not have delivered yet after one).
    /// </summary>
    sealed class DeliveryMark
    {
        long delivered;
        long? behindSince;

        public long Delivered => Volatile.Read(ref delivered);

        /// <summary>Moves the mark to <paramref name="value"/> if that is further; false when it was delivered already.</summary>
        public bool Advance(long value)
        {
            var seen = Volatile.Read(ref delivered);
            while (value > seen)
            {
                var found = Interlocked.CompareExchange(ref delivered, value, seen);
                if (found == seen)
                    return true;
                seen = found;
            }
            return false;
        }

        /// <summary>Sets the mark, also backwards (a live document that started over).</summary>
        public void Reset(long value)
        {
            Volatile.Write(ref delivered, value);
            behindSince = null;
        }

        /// <summary>True when the source (now at <paramref name="source"/>) was already ahead at the previous check and still is.</summary>
        public bool StuckBehind(long source)
        {
            if (source <= Delivered)
            {
                behindSince = null;
                return false;
            }
            if (behindSince is not { } earlier || Delivered >= earlier)
            {
                behindSince = source;
                return false;
            }
            behindSince = null;
            return true;
        }
    }

    sealed class WatchedDocument
    {
        public DeliveryMark Mark { get; } = new();

        public int Watchers { get; set; }
    }

    sealed class Unwatch(Action release) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                release();
        }
    }

    sealed class Registration(Func<ValueTask> release) : IAsyncDisposable
    {
        int released;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref released, 1) == 0 ? release() : ValueTask.CompletedTask;
    }
}
