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
public sealed class RepositoryGrain(
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
            .OrderByDescending(m => m.Role).ThenBy(m => m.Email, StringComparer.Ordinal)
            .ToList());

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
}

[GenerateSerializer, Immutable, Alias("ck.member-record")]
public sealed record MemberRecord([property: Id(0)] string Email, [property: Id(1)] string DisplayName, [property: Id(2)] RepositoryRole Role);
