namespace ContextKit.Grains.Contracts;

/// <summary>
/// Who is in a repository right now: per connection, the user, the branch and file they look at and their
/// cursor. Entries without a heartbeat for <c>PresenceGrain.Expiry</c> disappear. Keyed by repository id.
/// Every change is broadcast (unnumbered) on the repository's stream as <see cref="ChangeKinds.PresenceChanged"/>.
/// </summary>
[Alias("ck.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>Sets (or refreshes, as a heartbeat) where this connection's user is.</summary>
    [Alias("Set")]
    Task<IReadOnlyList<PresenceEntry>> Set(string connectionId, Actor actor, string? branch, string? path, string? cursor);

    [Alias("Leave")]
    Task Leave(string connectionId);

    [Alias("Get")]
    Task<IReadOnlyList<PresenceEntry>> Get();
}

/// <summary>One person's whereabouts (their most recent connection), as <c>PresenceChanged</c> carries it.</summary>
[GenerateSerializer, Immutable, Alias("ck.presence-entry")]
public sealed record PresenceEntry(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? Branch,
    [property: Id(3)] string? Path,
    [property: Id(4)] string? Cursor);
