using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>A repository's branches for the branch switcher: list, create, delete, with the same role checks as the REST API.</summary>
public sealed class BranchService(IGrainFactory grains, RepositoryAccess access, CurrentUser user)
{
    public async Task<IReadOnlyList<BranchInfo>> List(string repositoryId)
    {
        await access.Require(await user.Principal(), repositoryId, RepositoryRole.Viewer);
        return await grains.GetGrain<IRepositoryGrain>(repositoryId).ListBranches();
    }

    /// <summary>Creates <paramref name="name"/> at the last commit of <paramref name="from"/>; a bad or taken name fails with a message.</summary>
    public async Task<BranchInfo> Create(string repositoryId, string name, string from)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Editor, from);
        return await grains.GetGrain<IRepositoryGrain>(repositoryId).CreateBranch(scope.Actor, name.Trim(), scope.Branch);
    }

    /// <summary>Deletes a branch that is not the default; with uncommitted changes only when <paramref name="force"/>.</summary>
    public async Task Delete(string repositoryId, string name, bool force)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Editor, name);
        await grains.GetGrain<IRepositoryGrain>(repositoryId).DeleteBranch(scope.Actor, name, force);
    }
}
