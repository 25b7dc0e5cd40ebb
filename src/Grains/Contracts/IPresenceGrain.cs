namespace ContextKit.Grains.Contracts;

/// <summary>
/// Who is in a repository right now: per connection, the user, the branch and file they look at and their
/// cursor. Entries without a heartbeat for <c>PresenceGrain.Expiry</c> disappear. Keyed by repository id.
/// Every change is broadcast (unnumbered, with the snapshot's version) on the repository's stream as
/// <see cref="ChangeKinds.PresenceChanged"/>; a node that missed one notices the newer version and sends the snapshot.
/// </summary>
[Alias("ck.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>Sets (or refreshes, as a heartbeat) where this connection's user is.</summary>
    [Alias("Set")]
    Task<IReadOnlyList<PresenceEntry>> Set(string connectionId, Actor actor, string? branch, string? path, string? cursor);

    [Alias("Leave")]
    Task Leave(string connectionId);

    /// <summary>Who is there now, and the version of that answer (0 until something changed).</summary>
    [Alias("Snapshot")]
    Task<PresenceSnapshot> Snapshot();
}

/// <summary>
/// Everyone present in a repository. <c>Version</c> grows with every change, also across activations of the presence
/// grain (it is a timestamp in microseconds, moved on by one when two changes share it), so a later snapshot always
/// has the larger version; 0 means nothing changed since the grain activated.
/// </summary>
[GenerateSerializer, Immutable, Alias("ck.presence-snapshot")]
public sealed record PresenceSnapshot([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<PresenceEntry> Entries);

/// <summary>One person's whereabouts (their most recent connection), as <c>PresenceChanged</c> carries it.</summary>
[GenerateSerializer, Immutable, Alias("ck.presence-entry")]
public sealed record PresenceEntry(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? Branch,
    [property: Id(3)] string? Path,
    [property: Id(4)] string? Cursor);
