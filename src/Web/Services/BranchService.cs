using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>
/// A repository's branches for the branch switcher: list, create, delete, protect, with the same role checks as the REST
/// API, and audited like it.
/// </summary>
public sealed class BranchService(IGrainFactory grains, RepositoryAccess access, CurrentUser user, UiAudit audit)
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
        var created = await grains.GetGrain<IRepositoryGrain>(repositoryId).CreateBranch(scope.Actor, name.Trim(), scope.Branch);
        await audit.Record(scope, "git.branches.post", created.Name);
        return created;
    }

    /// <summary>Deletes a branch that is not the default; with uncommitted changes only when <paramref name="force"/>.</summary>
    public async Task Delete(string repositoryId, string name, bool force)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Editor, name);
        await grains.GetGrain<IRepositoryGrain>(repositoryId).DeleteBranch(scope.Actor, name, force);
        await audit.Record(scope, "git.branches.delete", name);
    }

    /// <summary>Protects a branch (it then changes only through pull requests that validate) or lifts that; owners only.</summary>
    public async Task SetProtection(string repositoryId, string name, bool isProtected)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Owner, name);
        await grains.GetGrain<IRepositoryGrain>(repositoryId).SetBranchProtection(scope.Actor, scope.Branch, isProtected);
        await audit.Record(scope, isProtected ? "git.protected-branches.put" : "git.protected-branches.delete", scope.Branch);
    }
}
