using ContextKit.Api.Auth;
using ContextKit.Api.ChangeFeed;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ContextKit.Api.Hubs;

/// <summary>
/// The live channel of api.md: clients join repositories and receive <c>RepositoryChanged</c> for each
/// change, whichever node made it. Every method checks the caller's role like the REST routes do.
/// </summary>
[Authorize]
public sealed class RepositoryHub(RepositoryAccess access, HubGroupForwarder forwarder, ChangeFeedListener feed, IGrainFactory grains) : Hub
{
    public const string Route = "/hubs/repo";

    /// <summary>Starts sending this repository's changes to the caller; returns the feed's current sequence to catch up from.</summary>
    [AccessPolicy(RepositoryRole.Viewer)]
    public async Task<JoinResult> JoinRepository(string repo)
    {
        var scope = await access.Require(Context.User!, repo, RepositoryRole.Viewer);
        await forwarder.Join(Context.ConnectionId, scope.Actor.UserId, repo);
        return new JoinResult(repo, await grains.GetGrain<IChangeFeedGrain>(repo).GetSequence());
    }

    [AccessPolicy(AccessKind.Account)]
    public Task LeaveRepository(string repo) => forwarder.Leave(Context.ConnectionId, repo);

    /// <summary>
    /// Says where the caller is (branch, file, cursor) and serves as the heartbeat: send it at least every
    /// 30 seconds. Everyone in the repository receives <c>PresenceChanged</c>. Answers who is there now.
    /// </summary>
    [AccessPolicy(RepositoryRole.Viewer)]
    public async Task<IReadOnlyList<PresenceEntry>> SetPresence(string repo, PresenceUpdate where)
    {
        var scope = await access.Require(Context.User!, repo, RepositoryRole.Viewer);
        await forwarder.Join(Context.ConnectionId, scope.Actor.UserId, repo);
        return await grains.GetGrain<IPresenceGrain>(repo).Set(Context.ConnectionId, scope.Actor, where.Branch, where.Path, where.Cursor);
    }

    /// <summary>
    /// Opens a file for live editing (viewers may watch): the answer is its text and version; from then on the
    /// caller receives <c>DocumentChanged</c> for every edit. Joins the repository's feed too.
    /// </summary>
    [AccessPolicy(RepositoryRole.Viewer)]
    public async Task<DocumentSnapshot> OpenDocument(string repo, string branch, string path)
    {
        var scope = await access.Require(Context.User!, repo, RepositoryRole.Viewer, branch);
        var canonical = RepoPath.Parse(path).Value;
        await forwarder.Join(Context.ConnectionId, scope.Actor.UserId, repo);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroupForwarder.DocumentGroupOf(repo, scope.Branch, canonical));
        var key = DocumentKey.For(repo, scope.Branch, canonical);
        var snapshot = await grains.GetGrain<IDocumentGrain>(key).Open(scope.Actor, Context.ConnectionId);
        var watch = feed.WatchDocument(repo, scope.Branch, canonical, snapshot.Version);
        IDisposable? earlier;
        lock (OpenDocuments)
        {
            OpenDocuments.Remove(key, out earlier);
            OpenDocuments[key] = watch;
        }
        earlier?.Dispose();
        return snapshot;
    }

    /// <summary>Applies an edit (<c>[{retain}|{insert}|{delete}]</c> against <paramref name="version"/>); editors only. Answers the new version.</summary>
    [AccessPolicy(RepositoryRole.Editor)]
    public async Task<EditResult> EditDocument(string repo, string branch, string path, long version, System.Text.Json.JsonElement ops)
    {
        var scope = await access.Require(Context.User!, repo, RepositoryRole.Editor, branch);
        var canonical = RepoPath.Parse(path).Value;
        var next = await grains.GetGrain<IDocumentGrain>(DocumentKey.For(repo, scope.Branch, canonical)).Edit(version, ops.GetRawText(), scope.Actor);
        return new EditResult(next);
    }

    [AccessPolicy(RepositoryRole.Viewer)]
    public async Task CloseDocument(string repo, string branch, string path)
    {
        var scope = await access.Require(Context.User!, repo, RepositoryRole.Viewer, branch);
        var canonical = RepoPath.Parse(path).Value;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroupForwarder.DocumentGroupOf(repo, scope.Branch, canonical));
        var key = DocumentKey.For(repo, scope.Branch, canonical);
        IDisposable? watch;
        lock (OpenDocuments)
            OpenDocuments.Remove(key, out watch);
        watch?.Dispose();
        await grains.GetGrain<IDocumentGrain>(key).Close(Context.ConnectionId);
    }

    /// <summary>
    /// A connection that closes or vanishes leaves everything at once: its presence, and the documents it had open
    /// (an edit it sent either reached the document whole or not at all; the others carry on).
    /// </summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        KeyValuePair<string, IDisposable>[] open;
        lock (OpenDocuments)
            open = [.. OpenDocuments];
        foreach (var (key, watch) in open)
        {
            watch.Dispose();
            await grains.GetGrain<IDocumentGrain>(key).Close(Context.ConnectionId);
        }
        await forwarder.LeaveAll(Context.ConnectionId);
    }

    /// <summary>The documents this connection has open, with this node's watch on each (kept with the connection).</summary>
    Dictionary<string, IDisposable> OpenDocuments =>
        (Dictionary<string, IDisposable>)(Context.Items.TryGetValue(OpenDocumentsItem, out var open) ? open!
            : Context.Items[OpenDocumentsItem] = new Dictionary<string, IDisposable>(StringComparer.Ordinal));

    const string OpenDocumentsItem = "ck.open-documents";
}

public sealed record JoinResult(string Repository, long Sequence);

public sealed record EditResult(long Version);

public sealed record PresenceUpdate(string? Branch, string? Path, string? Cursor);
