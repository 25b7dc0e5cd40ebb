using ContextKit.Api.Auth;
using ContextKit.Api.Repositories;
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
public sealed class RepositoryHub(RepositoryAccess access, HubGroupForwarder forwarder, IGrainFactory grains) : Hub
{
    public const string Route = "/hubs/repo";

    /// <summary>Starts sending this repository's changes to the caller; returns the feed's current sequence to catch up from.</summary>
    public async Task<JoinResult> JoinRepository(string repo)
    {
        var scope = await access.Require(Context.User!, repo, RepositoryRole.Viewer);
        await forwarder.Join(Context.ConnectionId, scope.Actor.UserId, repo);
        return new JoinResult(repo, await grains.GetGrain<IChangeFeedGrain>(repo).GetSequence());
    }

    public Task LeaveRepository(string repo) => forwarder.Leave(Context.ConnectionId, repo);

    public override Task OnDisconnectedAsync(Exception? exception) => forwarder.LeaveAll(Context.ConnectionId);
}

public sealed record JoinResult(string Repository, long Sequence);
