using ContextKit.Domain.Accounts;
using ContextKit.Domain.Builder;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;

namespace ContextKit.Grains.Repositories;

/// <summary>
/// Owns a repository's record: name, description, members with their roles, branches. Creating it
/// writes the bare git repository with the template's first commit.
/// </summary>
public sealed partial class RepositoryGrain(
    [PersistentState("repository", "state")] IPersistentState<RepositoryState> state,
    RepositoryStore store) : Grain, IRepositoryGrain
{
    RepositoryState State => state.State;

    string Id => this.GetPrimaryKeyString();

    public async Task<RepositoryInfo> Create(string name, string? description, RepositoryTemplate template, Actor owner)
    {
        if (state.RecordExists)
            throw new ConflictException("A repository with this id already exists.");
        if (RepositoryNames.CheckName(name) is { } problem)
            throw new BadRequestException(problem);

        var files = RepositoryTemplates.Files(template);
        var commit = await GitWork.Run(() => store.Create(Id, files, owner, $"Create {name.Trim()} from the {template.ToString().ToLowerInvariant()} template"));
        return await Save(name, description, RepositoryStore.DefaultBranch, [RepositoryStore.DefaultBranch], commit, owner);
    }

    public async Task<RepositoryInfo> Import(string name, string? description, ImportSource source, Actor owner)
    {
        if (state.RecordExists)
            throw new ConflictException("A repository with this id already exists.");
        if (RepositoryNames.CheckName(name) is { } problem)
            throw new BadRequestException(problem);
        var (defaultBranch, branches) = await GitWork.Run(() => source.StagingFolder is { } folder
            ? store.ImportFolder(Id, folder, owner)
            : store.ImportClone(Id, source.CloneUrl ?? throw new BadRequestException("Nothing to import."), source.Branch));
        return await Save(name, description, defaultBranch, branches, null, owner);
    }

    async Task<RepositoryInfo> Save(string name, string? description, string defaultBranch, IReadOnlyList<string> branches, string? commit, Actor owner)
    {
        var now = DateTimeOffset.UtcNow;
        State.Name = name.Trim();
        State.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        State.DefaultBranch = defaultBranch;
        State.Branches = [.. branches];
        State.Members = new() { [owner.UserId] = new MemberRecord(owner.Email, owner.DisplayName, RepositoryRole.Owner) };
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await state.WriteStateAsync();

        await GrainFactory.GetGrain<IUserGrain>(owner.UserId).AddRepository(Id);
        await GrainFactory.GetGrain<IChangeFeedGrain>(Id)
            .Publish(new ChangeDraft(ChangeKinds.RepositoryCreated, State.DefaultBranch, [], commit, owner.UserId));
        return ToInfo(RepositoryRole.Owner);
    }

    public Task<RepositoryInfo> Get(string userId) => Task.FromResult(ToInfo(RoleOf(userId)));

    public Task<RepositoryRole> Authorize(string userId, RepositoryRole required)
    {
        var role = RoleOf(userId);
        if (role < required)
            throw new AccessDeniedException($"This needs the {required.ToString().ToLowerInvariant()} role in '{State.Name}'; you are a {role.ToString().ToLowerInvariant()}.");
        return Task.FromResult(role);
    }

    public Task<IReadOnlyList<MemberInfo>> GetMembers() =>
        Task.FromResult<IReadOnlyList<MemberInfo>>(State.Members
            .Select(m => new MemberInfo(m.Key, m.Value.Email, m.Value.DisplayName, m.Value.Role))
            .Concat(State.Invitations.Select(i => new MemberInfo(null, i.Key, i.Key, i.Value, Pending: true)))
            .OrderBy(m => m.Pending).ThenByDescending(m => m.Role).ThenBy(m => m.Email, StringComparer.Ordinal)
            .ToList());

    public async Task<MemberInfo> SetMember(string actingUserId, string email, RepositoryRole role)
    {
        RequireOwner(actingUserId);
        if (!Enum.IsDefined(role))
            throw new BadRequestException("The role must be owner, editor or viewer.");
        if (!EmailAddress.TryNormalize(email, out var normalized))
            throw new BadRequestException("Enter a valid email address.");
        var userId = await GrainFactory.GetGrain<IUserDirectoryGrain>(normalized).Lookup();
        if (userId is null)
        {
            // No account yet: the invitation waits for the registration of that email.
            State.Invitations[normalized] = role;
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IUserDirectoryGrain>(normalized).AddInvitation(Id);
            return new MemberInfo(null, normalized, normalized, role, Pending: true);
        }
        if (State.Members.TryGetValue(userId, out var existing) && existing.Role == RepositoryRole.Owner && role != RepositoryRole.Owner && OwnerCount == 1)
            throw new ConflictException("The last owner cannot be demoted; make someone else an owner first.");
        var profile = await GrainFactory.GetGrain<IUserGrain>(userId).GetProfile();
        State.Members[userId] = new MemberRecord(profile.Email, profile.DisplayName, role);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(userId).AddRepository(Id);
        await MembersChanged(actingUserId);
        return new MemberInfo(userId, profile.Email, profile.DisplayName, role);
    }

    public async Task RemoveMember(string actingUserId, string email)
    {
        EmailAddress.TryNormalize(email, out var normalized);
        var target = State.Members.FirstOrDefault(m => m.Value.Email == normalized);
        var leavingThemselves = target.Key == actingUserId;
        if (!leavingThemselves)
            RequireOwner(actingUserId);
        else
            RoleOf(actingUserId);
        if (State.Invitations.Remove(normalized))
        {
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IUserDirectoryGrain>(normalized).RemoveInvitation(Id);
            return;
        }
        if (target.Key is null)
            throw new NotFoundException($"'{normalized}' is not a member of this repository.");
        if (target.Value.Role == RepositoryRole.Owner && OwnerCount == 1)
            throw new ConflictException("The last owner cannot leave; make someone else an owner first.");
        State.Members.Remove(target.Key);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(target.Key).RemoveRepository(Id);
        await MembersChanged(actingUserId);
    }

    public async Task<MemberInfo> TransferOwnership(string actingUserId, string email)
    {
        RequireOwner(actingUserId);
        if (!EmailAddress.TryNormalize(email, out var normalized))
            throw new BadRequestException("Enter a valid email address.");
        var target = State.Members.FirstOrDefault(m => m.Value.Email == normalized);
        if (target.Key is null)
            throw new BadRequestException($"'{normalized}' is not a member; add them first, then hand over ownership.");
        if (target.Key == actingUserId)
            throw new BadRequestException("You own this repository already; name another member.");
        State.Members[target.Key] = target.Value with { Role = RepositoryRole.Owner };
        State.Members[actingUserId] = State.Members[actingUserId] with { Role = RepositoryRole.Editor };
        await state.WriteStateAsync();
        await MembersChanged(actingUserId);
        return new MemberInfo(target.Key, target.Value.Email, target.Value.DisplayName, RepositoryRole.Owner);
    }

    /// <summary>Open views re-check what their user may do when members change.</summary>
    Task MembersChanged(string actingUserId) =>
        GrainFactory.GetGrain<IChangeFeedGrain>(Id).Publish(new ChangeDraft(ChangeKinds.MembersChanged, null, [], null, actingUserId));

    public async Task AcceptInvitation(Actor user)
    {
        if (!state.RecordExists || !State.Invitations.Remove(user.Email, out var role))
            return;
        State.Members[user.UserId] = new MemberRecord(user.Email, user.DisplayName, role);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(user.UserId).AddRepository(Id);
    }

    public async Task<RepositoryInfo> Update(string actingUserId, string? name, string? description)
    {
        RequireOwner(actingUserId);
        if (name is not null)
        {
            if (RepositoryNames.CheckName(name) is { } problem)
                throw new BadRequestException(problem);
            State.Name = name.Trim();
        }
        if (description is not null)
            State.Description = description.Trim().Length == 0 ? null : description.Trim();
        State.UpdatedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        return ToInfo(RepositoryRole.Owner);
    }

    public async Task Delete(string actingUserId)
    {
        RequireOwner(actingUserId);
        var members = State.Members.Keys.ToList();
        await GrainFactory.GetGrain<IChangeFeedGrain>(Id).Publish(new ChangeDraft(ChangeKinds.RepositoryDeleted, null, [], null, actingUserId));
        await GitWork.Run(() => store.MoveToTrash(Id));
        await state.ClearStateAsync();
        foreach (var member in members)
            await GrainFactory.GetGrain<IUserGrain>(member).RemoveRepository(Id);
    }

    int OwnerCount => State.Members.Count(m => m.Value.Role == RepositoryRole.Owner);

    void RequireOwner(string userId)
    {
        var role = RoleOf(userId);
        if (role != RepositoryRole.Owner)
            throw new AccessDeniedException($"Only owners can change members and settings of '{State.Name}'; you are a {role.ToString().ToLowerInvariant()}.");
    }

    public async Task<BranchInfo> CreateBranch(Actor actor, string name, string? from)
    {
        if (RoleOf(actor.UserId) < RepositoryRole.Editor)
            throw new AccessDeniedException("Creating branches needs the editor role.");
        if (RepositoryNames.CheckBranch(name) is { } problem)
            throw new BadRequestException(problem);
        if (State.Branches.Contains(name))
            throw new ConflictException($"The branch '{name}' already exists.");
        var source = string.IsNullOrEmpty(from) ? State.DefaultBranch : from;
        if (!State.Branches.Contains(source))
            throw new NotFoundException($"The branch '{source}' was not found.");
        var head = await GitWork.Run(() => store.CreateBranch(Id, name, source));
        State.Branches.Add(name);
        State.Branches.Sort(StringComparer.Ordinal);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IChangeFeedGrain>(Id).Publish(new ChangeDraft(ChangeKinds.BranchCreated, name, [], head, actor.UserId));
        return new BranchInfo(name, head, false);
    }

    public async Task DeleteBranch(Actor actor, string name, bool force)
    {
        if (RoleOf(actor.UserId) < RepositoryRole.Editor)
            throw new AccessDeniedException("Deleting branches needs the editor role.");
        if (!State.Branches.Contains(name))
            throw new NotFoundException($"The branch '{name}' was not found.");
        if (name == State.DefaultBranch)
            throw new ConflictException("The default branch cannot be deleted.");
        if (State.ProtectedBranches.Contains(name))
            throw new BranchProtectedException($"The branch '{name}' is protected; an owner must lift its protection before it can be deleted.");
        var workspace = GrainFactory.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(Id, name));
        var pending = (await workspace.GetStatus()).Changes.Count;
        if (pending > 0 && !force)
            throw new ConflictException($"The branch '{name}' has {pending} uncommitted change(s); commit or discard them, or delete with force.");
        await workspace.Close();
        await GitWork.Run(() => store.DeleteBranch(Id, name));
        State.Branches.Remove(name);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IChangeFeedGrain>(Id).Publish(new ChangeDraft(ChangeKinds.BranchDeleted, name, [], null, actor.UserId));
    }

    public async Task<IReadOnlyList<BranchInfo>> ListBranches()
    {
        var heads = await GitWork.Run(() => store.BranchHeads(Id));
        return State.Branches.Select(b => new BranchInfo(b, heads.GetValueOrDefault(b), b == State.DefaultBranch, State.ProtectedBranches.Contains(b))).ToList();
    }

    public Task<bool> HasBranch(string branch) => Task.FromResult(state.RecordExists && State.Branches.Contains(branch));

    public async Task Touch()
    {
        if (!state.RecordExists)
            return;
        State.UpdatedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
    }

    public async Task<string> AllocateEntityId(string type, string? name)
    {
        var entityType = EntityType.Named(type) is { } t && t != EntityType.Governance
            ? t
            : throw new BadRequestException($"Unknown entity type '{type}'.");
        if (!state.RecordExists)
            throw new NotFoundException("The repository was not found.");
        // Every branch's ids count: the workspaces hold them (they never wait on this grain, see Touch).
        var perBranch = await Task.WhenAll(State.Branches.Select(branch =>
            GrainFactory.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(Id, branch)).ListEntities(new EntityQuery(null, null, null))));
        var known = perBranch.SelectMany(list => list.Select(e => e.Id)).Concat(State.ReservedNames).ToHashSet(StringComparer.Ordinal);

        string id;
        if (IdAllocator.PrefixOf(entityType) is null)
        {
            id = IdAllocator.ForName(entityType, name, known);
            State.ReservedNames.Add(id);
        }
        else
        {
            var allocated = IdAllocator.Next(entityType, known, State.IdMarks.GetValueOrDefault(entityType.Name));
            State.IdMarks[entityType.Name] = allocated.Mark;
            id = allocated.Id;
        }
        await state.WriteStateAsync();
        return id;
    }

    /// <summary>The caller's role; outsiders and unknown repositories look the same to them: not found.</summary>
    RepositoryRole RoleOf(string userId) =>
        state.RecordExists && State.Members.TryGetValue(userId, out var member)
            ? member.Role
            : throw new NotFoundException("The repository was not found.");

    RepositoryInfo ToInfo(RepositoryRole role) =>
        new(Id, State.Name, State.Description, State.DefaultBranch, role, State.CreatedAt, State.UpdatedAt, State.Branches.ToList());
}

[GenerateSerializer, Alias("ck.repository-state")]
public sealed class RepositoryState
{
    [Id(0)] public int Version { get; set; } = 1;
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string? Description { get; set; }
    [Id(3)] public string DefaultBranch { get; set; } = RepositoryStore.DefaultBranch;
    [Id(4)] public Dictionary<string, MemberRecord> Members { get; set; } = [];
    [Id(5)] public List<string> Branches { get; set; } = [];
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Entity type → the highest number handed out for it (§12 "last allocated").</summary>
    [Id(8)] public Dictionary<string, long> IdMarks { get; set; } = [];

    /// <summary>Service and package ids handed out, so two people naming the same service get -2.</summary>
    [Id(9)] public HashSet<string> ReservedNames { get; set; } = [];

    /// <summary>Normalised email → role, for people invited before they had an account.</summary>
    [Id(10)] public Dictionary<string, RepositoryRole> Invitations { get; set; } = [];

    /// <summary>Every pull request ever opened, by number.</summary>
    [Id(11)] public List<PullRequestRecord> PullRequests { get; set; } = [];

    /// <summary>Branches that change only through pull requests.</summary>
    [Id(12)] public HashSet<string> ProtectedBranches { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("ck.member-record")]
public sealed record MemberRecord([property: Id(0)] string Email, [property: Id(1)] string DisplayName, [property: Id(2)] RepositoryRole Role);
