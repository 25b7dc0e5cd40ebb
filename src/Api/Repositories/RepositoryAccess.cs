using System.Security.Claims;
using ContextKit.Api.Auth;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Repositories;

/// <summary>
/// The one place endpoints, hub methods and UI services go to before touching a repository: it checks
/// the caller's role through the repository grain and resolves the branch they named.
/// </summary>
public sealed class RepositoryAccess(IGrainFactory grains)
{
    /// <summary>
    /// Checks that <paramref name="user"/> holds at least <paramref name="role"/> in the repository and
    /// returns the workspace of the branch (the default branch when none is named).
    /// </summary>
    public async Task<RepositoryScope> Require(ClaimsPrincipal user, string repositoryId, RepositoryRole role, string? branch = null)
    {
        var actor = user.ToActor();
        await Authorize(user, repositoryId, role);
        var repository = grains.GetGrain<IRepositoryGrain>(repositoryId);
        var info = await repository.Get(actor.UserId);
        var resolved = string.IsNullOrEmpty(branch) ? info.DefaultBranch : branch;
        if (!info.Branches.Contains(resolved))
            throw new NotFoundException($"The branch '{resolved}' was not found.");
        return new RepositoryScope(info, resolved, actor, grains.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(repositoryId, resolved)));
    }

    /// <summary>
    /// Checks that <paramref name="user"/> holds at least <paramref name="role"/> in the repository, asking the repository
    /// grain every time (roles are never cached, so a demotion takes effect on the next call): non-members and unknown
    /// repositories get <see cref="NotFoundException"/>, lower roles <see cref="AccessDeniedException"/>.
    /// </summary>
    public async Task<RepositoryRole> Authorize(ClaimsPrincipal user, string repositoryId, RepositoryRole role)
    {
        if (!RepositoryNames.IsValidId(repositoryId))
            throw new NotFoundException("The repository was not found.");
        if (role > RepositoryRole.Viewer)
            EnsureCanWrite(user);
        return await grains.GetGrain<IRepositoryGrain>(repositoryId).Authorize(user.ToActor().UserId, role);
    }

    /// <summary>Refuses writes to callers holding a read-only personal access token.</summary>
    public static void EnsureCanWrite(ClaimsPrincipal user)
    {
        if (user.IsReadOnly())
            throw new AccessDeniedException("This personal access token is read-only; use a token with the write scope.");
    }
}

/// <summary>A repository the caller may act on, the branch they act on, and that branch's workspace.</summary>
public sealed record RepositoryScope(RepositoryInfo Repository, string Branch, Actor Actor, IWorkspaceGrain Workspace);
