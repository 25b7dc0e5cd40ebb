using ContextKit.Grains.Contracts;
using Orleans.Streams;

namespace ContextKit.Grains.Presence;

/// <summary>
/// Holds who is in one repository, in memory only: presence is worth nothing after a restart, and clients
/// send it again with their next heartbeat. A timer drops connections that stopped sending heartbeats.
/// The grain stays active while nodes ask for its snapshot and is collected like any idle grain after that.
/// </summary>
public sealed class PresenceGrain(TimeProvider clock) : Grain, IPresenceGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    readonly Dictionary<string, (PresenceEntry Entry, DateTimeOffset Seen)> connections = [];
    IAsyncStream<ChangeEvent>? stream;
    long version;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        stream = this.GetStreamProvider(ChangeFeedStream.Provider)
            .GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, this.GetPrimaryKeyString()));
        this.RegisterGrainTimer(Expire, new GrainTimerCreationOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<PresenceEntry>> Set(string connectionId, Actor actor, string? branch, string? path, string? cursor)
    {
        var entry = new PresenceEntry(actor.UserId, actor.DisplayName, branch, path, cursor?.Length > 200 ? cursor[..200] : cursor);
        var changed = !connections.TryGetValue(connectionId, out var before) || before.Entry != entry;
        connections[connectionId] = (entry, clock.GetUtcNow());
        if (changed)
            await Broadcast();
        return Current();
    }

    public async Task Leave(string connectionId)
    {
        if (connections.Remove(connectionId))
            await Broadcast();
    }

    public Task<PresenceSnapshot> Snapshot() => Task.FromResult(new PresenceSnapshot(version, Current()));

    async Task Expire()
    {
        var cutoff = clock.GetUtcNow() - Expiry;
        var gone = connections.Where(c => c.Value.Seen < cutoff).Select(c => c.Key).ToList();
        foreach (var connection in gone)
            connections.Remove(connection);
        if (gone.Count > 0)
            await Broadcast();
    }

    /// <summary>One entry per person: the connection they used last.</summary>
    IReadOnlyList<PresenceEntry> Current() =>
        connections.Values.OrderByDescending(c => c.Seen).DistinctBy(c => c.Entry.UserId).Select(c => c.Entry)
            .OrderBy(e => e.DisplayName, StringComparer.Ordinal).ToList();

    Task Broadcast()
    {
        // A timestamp keeps versions growing across activations (see PresenceSnapshot).
        var now = clock.GetUtcNow();
        version = Math.Max(version + 1, (now - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
        return stream!.OnNextAsync(new ChangeEvent(this.GetPrimaryKeyString(), 0, ChangeKinds.PresenceChanged, null, [], null, null,
            now, Presence: new PresenceSnapshot(version, Current())));
    }
}
