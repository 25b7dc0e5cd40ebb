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
public sealed class RepositoryService(IGrainFactory grains, RepositoryAccess access, RepositoryCatalog catalog, CurrentUser user, UiAudit audit)
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

    // Member changes check the owner role on every call, like the REST routes: a page opened as owner
    // can do nothing once its user is no longer one.

    /// <summary>Invites someone or changes their role (owners).</summary>
    public async Task<MemberInfo> SetMember(string repositoryId, string email, RepositoryRole role)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Owner);
        var member = await grains.GetGrain<IRepositoryGrain>(repositoryId).SetMember(scope.Actor.UserId, email, role);
        await audit.Record(scope, "members.put", member.Email);
        return member;
    }

    /// <summary>Removes a member or an invitation (owners), or leaves (anyone for themselves).</summary>
    public async Task RemoveMember(string repositoryId, string email)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Viewer);
        await grains.GetGrain<IRepositoryGrain>(repositoryId).RemoveMember(scope.Actor.UserId, email);
        await audit.Record(scope, "members.delete", email);
    }

    /// <summary>Hands ownership to a member; the user becomes an editor.</summary>
    public async Task TransferOwnership(string repositoryId, string email)
    {
        var scope = await access.Require(await user.Principal(), repositoryId, RepositoryRole.Owner);
        await grains.GetGrain<IRepositoryGrain>(repositoryId).TransferOwnership(scope.Actor.UserId, email);
        await audit.Record(scope, "transfer.post", email);
    }

    /// <summary>The repository's audit log, newest first (owners).</summary>
    public async Task<IReadOnlyList<AuditEntry>> Audit(string repositoryId, AuditQuery query)
    {
        await access.Require(await user.Principal(), repositoryId, RepositoryRole.Owner);
        return await grains.GetGrain<IAuditLogGrain>(AuditKeys.Repository(repositoryId)).Query(query);
    }
}
