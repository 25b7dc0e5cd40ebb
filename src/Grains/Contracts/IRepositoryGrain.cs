using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;

namespace ContextKit.Grains.Contracts;

/// <summary>
/// One repository: its settings, members with their roles and its branches. Every role check goes
/// through here. Keyed by repository id.
/// </summary>
[Alias("ck.IRepositoryGrain")]
public interface IRepositoryGrain : IGrainWithStringKey, IPullRequests
{
    /// <summary>Creates the repository with its first commit on <c>main</c>, owned by <paramref name="owner"/>.</summary>
    [Alias("Create")]
    Task<RepositoryInfo> Create(string name, string? description, RepositoryTemplate template, Actor owner);

    /// <summary>
    /// Creates the repository from an import: an unpacked archive on the shared volume, or a clone URL
    /// the caller has already checked against the server's policy.
    /// </summary>
    [Alias("Import")]
    Task<RepositoryInfo> Import(string name, string? description, ImportSource source, Actor owner);

    /// <summary>The repository as <paramref name="userId"/> sees it; <see cref="NotFoundException"/> for non-members.</summary>
    [Alias("Get"), SafeToRepeat]
    Task<RepositoryInfo> Get(string userId);

    /// <summary>
    /// Throws <see cref="NotFoundException"/> when <paramref name="userId"/> is not a member (so outsiders
    /// cannot tell the repository exists) and <see cref="AccessDeniedException"/> when their role is below
    /// <paramref name="required"/>. Returns the member's role.
    /// </summary>
    [Alias("Authorize"), SafeToRepeat]
    Task<RepositoryRole> Authorize(string userId, RepositoryRole required);

    [Alias("GetMembers")]
    Task<IReadOnlyList<MemberInfo>> GetMembers();

    /// <summary>
    /// Gives the person with <paramref name="email"/> a role (owners only). Someone without an account yet
    /// gets a pending invitation that turns into membership when they register. The last owner cannot be
    /// demoted (<see cref="ConflictException"/>).
    /// </summary>
    [Alias("SetMember")]
    Task<MemberInfo> SetMember(string actingUserId, string email, RepositoryRole role);

    /// <summary>Removes a member or a pending invitation: owners remove anyone, members remove themselves; the last owner cannot leave.</summary>
    [Alias("RemoveMember")]
    Task RemoveMember(string actingUserId, string email);

    /// <summary>
    /// Hands ownership to the member with <paramref name="email"/> (owners only; they must have an account and be a
    /// member already): they become an owner and the acting owner becomes an editor.
    /// </summary>
    [Alias("TransferOwnership")]
    Task<MemberInfo> TransferOwnership(string actingUserId, string email);

    /// <summary>Turns a pending invitation for <paramref name="user"/>'s email into membership (called at registration).</summary>
    [Alias("AcceptInvitation")]
    Task AcceptInvitation(Actor user);

    /// <summary>Renames the repository or changes its description (owners only).</summary>
    [Alias("Update")]
    Task<RepositoryInfo> Update(string actingUserId, string? name, string? description);

    /// <summary>
    /// Deletes the repository (owners only). Its git data is moved to the repositories' trash folder,
    /// where an administrator can still recover it; for every member it is gone at once.
    /// </summary>
    [Alias("Delete")]
    Task Delete(string actingUserId);

    /// <summary>Creates <paramref name="name"/> at the last commit of <paramref name="from"/> (editors).</summary>
    [Alias("CreateBranch")]
    Task<BranchInfo> CreateBranch(Actor actor, string name, string? from);

    /// <summary>
    /// Deletes a branch and its working tree (editors; never the default branch). A branch with uncommitted
    /// changes is refused with <see cref="ConflictException"/> unless <paramref name="force"/>: nothing is lost by accident.
    /// </summary>
    [Alias("DeleteBranch")]
    Task DeleteBranch(Actor actor, string name, bool force);

    [Alias("ListBranches")]
    Task<IReadOnlyList<BranchInfo>> ListBranches();

    /// <summary>True when this branch exists in the repository.</summary>
    [Alias("HasBranch")]
    Task<bool> HasBranch(string branch);

    /// <summary>
    /// Records that the repository changed now (for "updated" ordering). One-way: workspaces call it,
    /// and the repository calls workspaces when it allocates ids, so neither may wait on the other.
    /// </summary>
    [Alias("Touch"), Orleans.Concurrency.OneWay]
    Task Touch();

    /// <summary>
    /// Allocates and reserves the next id for a new entity of <paramref name="type"/> (context-repo-format
    /// §12): above every id of that type on every branch and every id handed out before, so two users or two
    /// branches never get the same one. Services and packages get <c>svc-</c>/<c>pkg-</c> + the name's slug.
    /// </summary>
    [Alias("AllocateEntityId")]
    Task<string> AllocateEntityId(string type, string? name);
}

[GenerateSerializer, Immutable, Alias("ck.branch-info")]
public sealed record BranchInfo([property: Id(0)] string Name, [property: Id(1)] string? Head, [property: Id(2)] bool IsDefault, [property: Id(3)] bool Protected = false);

/// <summary>Where an import comes from: an unpacked folder (<c>StagingFolder</c>) or a URL to clone.</summary>
[GenerateSerializer, Immutable, Alias("ck.import-source")]
public sealed record ImportSource([property: Id(0)] string? StagingFolder, [property: Id(1)] string? CloneUrl, [property: Id(2)] string? Branch);

[GenerateSerializer, Immutable, Alias("ck.repository-info")]
public sealed record RepositoryInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] string DefaultBranch,
    [property: Id(4)] RepositoryRole Role,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] IReadOnlyList<string> Branches);

/// <summary>A member, or a pending invitation (<c>Pending</c>, no user id yet).</summary>
[GenerateSerializer, Immutable, Alias("ck.member-info")]
public sealed record MemberInfo(
    [property: Id(0)] string? UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] RepositoryRole Role,
    [property: Id(4)] bool Pending = false);
