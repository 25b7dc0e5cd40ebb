using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>
/// The UI's way to the repositories themselves: the ones the signed-in user belongs to, creating a new
/// one, and one repository's details and members. Role checks go through <see cref="RepositoryAccess"/>,
/// exactly as in the REST API.
/// </summary>
public sealed class RepositoryService(IGrainFactory grains, RepositoryAccess access, RepositoryCatalog catalog, CurrentUser user)
{
    /// <summary>The repositories the user belongs to, most recently updated first.</summary>
    public async Task<IReadOnlyList<RepositoryInfo>> ListMine() => await catalog.ListFor((await user.Actor()).UserId);

    /// <summary>Creates a repository owned by the user; <see cref="BadRequestException"/> when the name is not usable.</summary>
    public async Task<RepositoryInfo> Create(string? name, string? description, RepositoryTemplate template) =>
        await catalog.Create(name, description, template, await user.Actor());

    /// <summary>
    /// The repository as the user sees it and the branch they work on (the default branch when none is
    /// named); <see cref="NotFoundException"/> when it does not exist or they are not a member.
    /// </summary>
    public async Task<(RepositoryInfo Repository, string Branch)> Open(string repositoryId, string? branch = null)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Viewer, branch);
        return (scope.Repository, scope.Branch);
    }

    public async Task<IReadOnlyList<MemberInfo>> Members(string repositoryId)
    {
        await access.Require(await user.Principal(), repositoryId, RepositoryRole.Viewer);
        return await grains.GetGrain<IRepositoryGrain>(repositoryId).GetMembers();
    }
}
