using ContextKit.Api.ChangeFeed;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>
/// Live editing and presence for the UI: the circuit talks to the document and presence grains directly,
/// and hears other people's edits and whereabouts through this node's change-feed subscription (the one
/// the hub uses). Every call checks the user's role through <see cref="RepositoryAccess"/>, as the hub does.
/// </summary>
public sealed class CollaborationService(RepositoryAccess access, CurrentUser user, ChangeFeedListener feed, IGrainFactory grains)
    : IAsyncDisposable
{
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    readonly Lock gate = new();
    PresenceSpot? spot;
    Timer? heartbeat;
    bool away;

    /// <summary>This circuit's presence connection: one per browser tab, like a hub connection.</summary>
    public string ConnectionId { get; } = "circuit:" + Guid.NewGuid().ToString("N");

    /// <summary>A handle on the live session of one file (viewers may watch; edits need the editor role).</summary>
    public async Task<DocumentLink> Document(RepositoryBranch at, string path)
    {
        var scope = await Require(at.RepositoryId, RepositoryRole.Viewer, at.Branch);
        return new DocumentLink(this, at with { Branch = scope.Branch }, RepoPath.Parse(path).Value);
    }

    /// <summary>
    /// Says where this circuit's user is (repository, branch, file, cursor as "anchor:head" in UTF-16 offsets);
    /// repeated every 15 s as the heartbeat until <see cref="Leave"/>. Answers who is there.
    /// </summary>
    public async Task<IReadOnlyList<PresenceEntry>> Enter(string repositoryId, string? branch, string? path, string? cursor)
    {
        var scope = await Require(repositoryId, RepositoryRole.Viewer, null);
        PresenceSpot? left;
        lock (gate)
        {
            left = spot?.RepositoryId == repositoryId ? null : spot;
            spot = new PresenceSpot(repositoryId, scope.Actor, branch, path, cursor);
            heartbeat ??= new Timer(_ => _ = Beat(), null, Heartbeat, Heartbeat);
        }
        if (left is not null)
            await grains.GetGrain<IPresenceGrain>(left.RepositoryId).Leave(ConnectionId);
        return await grains.GetGrain<IPresenceGrain>(repositoryId).Set(ConnectionId, scope.Actor, branch, path, cursor);
    }

    /// <summary>
    /// Moves this person within the repository they are in (the file they have open and their cursor, or none);
    /// nothing happens once they left it.
    /// </summary>
    public async Task Point(string repositoryId, string? path, string? cursor)
    {
        PresenceSpot? moved;
        lock (gate)
        {
            if (spot?.RepositoryId != repositoryId)
                return;
            moved = spot = spot with { Path = path, Cursor = cursor };
        }
        await grains.GetGrain<IPresenceGrain>(repositoryId).Set(ConnectionId, moved.Actor, moved.Branch, moved.Path, moved.Cursor);
    }

    /// <summary>Leaves the repository: others see this person go at once.</summary>
    public async Task Leave(string repositoryId)
    {
        lock (gate)
        {
            if (spot?.RepositoryId != repositoryId)
                return;
            spot = null;
        }
        await grains.GetGrain<IPresenceGrain>(repositoryId).Leave(ConnectionId);
    }

    /// <summary>The browser's connection dropped: leave, but remember where this person was.</summary>
    public async Task Away()
    {
        PresenceSpot? at;
        lock (gate)
        {
            away = true;
            at = spot;
        }
        if (at is not null)
            await Quietly(() => grains.GetGrain<IPresenceGrain>(at.RepositoryId).Leave(ConnectionId));
    }

    /// <summary>The browser is back: say where this person is again.</summary>
    public async Task Back()
    {
        lock (gate)
            away = false;
        await Beat();
    }

    async Task Beat()
    {
        var at = spot;
        if (at is null || away)
            return;
        // The next beat tries again; presence is a hint.
        await Quietly(() => grains.GetGrain<IPresenceGrain>(at.RepositoryId).Set(ConnectionId, at.Actor, at.Branch, at.Path, at.Cursor));
    }

    static async Task Quietly(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception)
        {
            // Presence is a hint: an entry left behind expires after 30 s without heartbeat.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (heartbeat is not null)
            await heartbeat.DisposeAsync();
        if (spot is { } last)
            await Quietly(() => grains.GetGrain<IPresenceGrain>(last.RepositoryId).Leave(ConnectionId));
    }

    sealed record PresenceSpot(string RepositoryId, Actor Actor, string? Branch, string? Path, string? Cursor);

    /// <summary>Calls <paramref name="onChange"/> with everyone present now, and again each time that changes, until disposed.</summary>
    public async Task<IAsyncDisposable> FollowPresence(string repositoryId, Func<IReadOnlyList<PresenceEntry>, Task> onChange)
    {
        await Require(repositoryId, RepositoryRole.Viewer, null);
        // The snapshot taken after subscribing and the broadcasts may arrive in either order: never show an older one.
        long shown = -1;
        var gate = new Lock();
        Task Show(PresenceSnapshot snapshot)
        {
            lock (gate)
            {
                if (snapshot.Version < shown)
                    return Task.CompletedTask;
                shown = snapshot.Version;
            }
            return onChange(snapshot.Entries);
        }
        var following = await feed.Listen(repositoryId, change =>
            change is { Kind: ChangeKinds.PresenceChanged, Presence: { } present } ? Show(present) : Task.CompletedTask);
        await Show(await grains.GetGrain<IPresenceGrain>(repositoryId).Snapshot());
        return following;
    }

    IGrainFactory Grains => grains;

    ChangeFeedListener Feed => feed;

    CurrentUser User => user;

    async Task<RepositoryScope> Require(string repositoryId, RepositoryRole role, string? branch) =>
        await access.Require(await user.Principal(), repositoryId, role, branch);

    /// <summary>One file's live session as this user sees it.</summary>
    public sealed class DocumentLink(CollaborationService owner, RepositoryBranch at, string path)
    {
        public RepositoryBranch Where => at;

        public string Path => path;

        IDocumentGrain Grain => owner.Grains.GetGrain<IDocumentGrain>(DocumentKey.For(at.RepositoryId, at.Branch, path));

        IDisposable? watch;

        /// <summary>Joins the session (again, after a resynchronisation); this node then watches it for missed edits.</summary>
        public async Task<DocumentSnapshot> Open()
        {
            var scope = await owner.Require(at.RepositoryId, RepositoryRole.Viewer, at.Branch);
            var snapshot = await Grain.Open(scope.Actor, owner.ConnectionId);
            Interlocked.Exchange(ref watch, owner.Feed.WatchDocument(at.RepositoryId, at.Branch, path, snapshot.Version))?.Dispose();
            return snapshot;
        }

        /// <summary>Submits an edit (TextOperation JSON) made against <paramref name="baseVersion"/>; answers the version it became.</summary>
        public async Task<long> Edit(long baseVersion, string operationsJson)
        {
            var scope = await owner.Require(at.RepositoryId, RepositoryRole.Editor, at.Branch);
            return await Grain.Edit(baseVersion, operationsJson, scope.Actor);
        }

        public Task Close()
        {
            Interlocked.Exchange(ref watch, null)?.Dispose();
            return Grain.Close(owner.ConnectionId);
        }

        /// <summary>Calls <paramref name="onEdit"/> with every edit applied to this document (on any node) until disposed.</summary>
        public Task<IAsyncDisposable> Listen(Func<DocumentEdit, Task> onEdit) =>
            owner.Feed.Listen(at.RepositoryId, change =>
                change is { Kind: ChangeKinds.DocumentEdited, Document: { } edit } && change.Branch == at.Branch && edit.Path == path
                    ? onEdit(edit)
                    : Task.CompletedTask);
    }
}
