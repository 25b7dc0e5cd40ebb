using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>The repository's upstream remote for the UI, with the REST API's roles: editors see it, pull and push; owners configure it.</summary>
public sealed class RemoteService(IGrainFactory grains, RepositoryAccess access, CurrentUser user)
{
    public async Task<RemoteInfo> Get(string repositoryId)
    {
        await access.Require(await user.Principal(), repositoryId, RepositoryRole.Editor);
        return await grains.GetGrain<IRemoteGrain>(repositoryId).Get();
    }

    /// <summary>Sets the URL; <paramref name="token"/> null keeps the stored token, empty removes it.</summary>
    public async Task<RemoteInfo> Configure(string repositoryId, string? url, string? token)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Owner);
        return await grains.GetGrain<IRemoteGrain>(repositoryId).Configure(url, token, scope.Actor);
    }

    public async Task<SyncResult> Pull(RepositoryBranch at)
    {
        var scope = await access.Require(await user.Principal(), at.RepositoryId, RepositoryRole.Editor, at.Branch);
        return await grains.GetGrain<IRemoteGrain>(at.RepositoryId).Pull(scope.Branch, scope.Actor);
    }

    public async Task<SyncResult> Push(RepositoryBranch at)
    {
        var scope = await access.Require(await user.Principal(), at.RepositoryId, RepositoryRole.Editor, at.Branch);
        return await grains.GetGrain<IRemoteGrain>(at.RepositoryId).Push(scope.Branch, scope.Actor);
    }
}
