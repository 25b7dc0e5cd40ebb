using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Repositories;

/// <summary>
/// Pull requests and branch protection. The repository grain keeps the records and the rules (who may merge,
/// what a protected branch accepts); the target branch's workspace does the merge itself. The workspaces never
/// wait on this grain, so waiting on them here cannot deadlock.
/// </summary>
public sealed partial class RepositoryGrain
{
    const int MaxTitleLength = 200, MaxTextLength = 64 * 1024;

    public async Task<PullRequestInfo> OpenPullRequest(Actor actor, string source, string target, string title, string? body)
    {
        RequireRole(actor.UserId, RepositoryRole.Editor, "Opening pull requests");
        RequireBranch(source);
        RequireBranch(target);
        if (source == target)
            throw new BadRequestException("A pull request needs two different branches.");
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitleLength)
            throw new BadRequestException($"A pull request needs a title of at most {MaxTitleLength} characters.");
        if (body?.Length > MaxTextLength)
            throw new BadRequestException($"The description can have at most {MaxTextLength / 1024} KiB.");
        if (State.PullRequests.FirstOrDefault(p => p.State == PullRequestStates.Open && p.Source == source && p.Target == target) is { } existing)
            throw new ConflictException($"Pull request #{existing.Number} already proposes '{source}' for '{target}'.");
        var record = new PullRequestRecord
        {
            Number = State.PullRequests.Count == 0 ? 1 : State.PullRequests.Max(p => p.Number) + 1,
            Source = source,
            Target = target,
            Title = title.Trim(),
            Body = body?.Trim() ?? "",
            Author = Editor(actor),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        State.PullRequests.Add(record);
        await state.WriteStateAsync();
        await PublishPullRequest(ChangeKinds.PullRequestOpened, record, null, actor);
        return record.ToInfo();
    }

    public Task<IReadOnlyList<PullRequestInfo>> ListPullRequests(string? state) =>
        Task.FromResult<IReadOnlyList<PullRequestInfo>>(State.PullRequests
            .Where(p => string.IsNullOrEmpty(state) || p.State == state)
            .OrderByDescending(p => p.Number)
            .Select(p => p.ToInfo())
            .ToList());

    public Task<PullRequestInfo> GetPullRequest(int number) => Task.FromResult(Find(number).ToInfo());

    public async Task<PullRequestInfo> CommentOnPullRequest(Actor actor, int number, string text)
    {
        RequireRole(actor.UserId, RepositoryRole.Editor, "Commenting on pull requests");
        var record = Find(number);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
            throw new BadRequestException($"A comment needs text, at most {MaxTextLength / 1024} KiB of it.");
        record.Comments.Add(new PullRequestComment(Editor(actor), text.Trim(), DateTimeOffset.UtcNow));
        await state.WriteStateAsync();
        await PublishPullRequest(ChangeKinds.PullRequestCommented, record, null, actor);
        return record.ToInfo();
    }

    public async Task<PullRequestInfo> MergePullRequest(Actor actor, int number, string? message, IReadOnlyList<MergeResolution> resolutions)
    {
        var record = Find(number);
        var isProtected = State.ProtectedBranches.Contains(record.Target);
        RequireRole(actor.UserId, isProtected ? RepositoryRole.Owner : RepositoryRole.Editor,
            isProtected ? $"Merging into the protected branch '{record.Target}'" : "Merging pull requests");
        RequireOpen(record);
        RequireBranch(record.Source);
        RequireBranch(record.Target);
        string? pinned = null;
        if (isProtected)
        {
            // The commit that validated is the commit that is merged, even if the source moves meanwhile.
            var checkedHead = await Workspace(record.Source).ValidateHead();
            if (!checkedHead.Validation.Ok)
                throw new ValidationFailedException(
                    $"The source branch '{record.Source}' does not validate ({checkedHead.Validation.TotalErrors} error(s)); '{record.Target}' is protected and accepts only changes that validate.",
                    checkedHead.Validation.TotalErrors);
            pinned = checkedHead.Commit;
        }
        var result = await Workspace(record.Target).Merge(new MergeRequest(record.Source, pinned,
            string.IsNullOrWhiteSpace(message) ? $"Merge pull request #{record.Number} from {record.Source}\n\n{record.Title}" : message,
            resolutions, ViaPullRequest: true), actor);
        record.State = PullRequestStates.Merged;
        record.MergeCommit = result.Commit;
        record.MergedBase = result.Base;
        record.MergedHead = result.SourceCommit;
        record.ClosedBy = Editor(actor);
        record.ClosedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        await PublishPullRequest(ChangeKinds.PullRequestMerged, record, result.Commit, actor);
        return record.ToInfo();
    }

    public async Task<PullRequestInfo> ClosePullRequest(Actor actor, int number)
    {
        RequireRole(actor.UserId, RepositoryRole.Editor, "Closing pull requests");
        var record = Find(number);
        RequireOpen(record);
        record.State = PullRequestStates.Closed;
        record.ClosedBy = Editor(actor);
        record.ClosedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        await PublishPullRequest(ChangeKinds.PullRequestClosed, record, null, actor);
        return record.ToInfo();
    }

    public async Task SetBranchProtection(Actor actor, string branch, bool isProtected)
    {
        RequireOwner(actor.UserId);
        RequireBranch(branch);
        await Workspace(branch).SetProtection(isProtected);
        var changed = isProtected ? State.ProtectedBranches.Add(branch) : State.ProtectedBranches.Remove(branch);
        if (!changed)
            return;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IChangeFeedGrain>(Id).Publish(new ChangeDraft(ChangeKinds.BranchProtection, branch, [], null, actor.UserId));
    }

    public Task<IReadOnlyList<string>> GetProtectedBranches() =>
        Task.FromResult<IReadOnlyList<string>>(State.ProtectedBranches.Order(StringComparer.Ordinal).ToList());

    IWorkspaceGrain Workspace(string branch) => GrainFactory.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(Id, branch));

    PullRequestRecord Find(int number) =>
        State.PullRequests.FirstOrDefault(p => p.Number == number) ?? throw new NotFoundException($"There is no pull request #{number}.");

    static void RequireOpen(PullRequestRecord record)
    {
        if (record.State != PullRequestStates.Open)
            throw new ConflictException($"Pull request #{record.Number} is already {record.State}.");
    }

    void RequireBranch(string branch)
    {
        if (string.IsNullOrEmpty(branch) || !State.Branches.Contains(branch))
            throw new NotFoundException($"The branch '{branch}' was not found.");
    }

    void RequireRole(string userId, RepositoryRole required, string what)
    {
        var role = RoleOf(userId);
        if (role < required)
            throw new AccessDeniedException($"{what} needs the {required.ToString().ToLowerInvariant()} role; you are a {role.ToString().ToLowerInvariant()}.");
    }

    static EditorInfo Editor(Actor actor) => new(actor.UserId, actor.DisplayName);

    Task PublishPullRequest(string kind, PullRequestRecord record, string? commit, Actor actor) =>
        GrainFactory.GetGrain<IChangeFeedGrain>(Id).Publish(new ChangeDraft(kind, record.Target, [], commit, actor.UserId, PullRequest: record.Number));
}

/// <summary>A pull request as the repository keeps it.</summary>
[GenerateSerializer, Alias("ck.pull-request-record")]
public sealed class PullRequestRecord
{
    [Id(0)] public int Number { get; set; }
    [Id(1)] public string Source { get; set; } = "";
    [Id(2)] public string Target { get; set; } = "";
    [Id(3)] public string Title { get; set; } = "";
    [Id(4)] public string Body { get; set; } = "";
    [Id(5)] public string State { get; set; } = PullRequestStates.Open;
    [Id(6)] public EditorInfo Author { get; set; } = new("", "");
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public List<PullRequestComment> Comments { get; set; } = [];
    [Id(9)] public string? MergeCommit { get; set; }
    [Id(10)] public string? MergedBase { get; set; }
    [Id(11)] public string? MergedHead { get; set; }
    [Id(12)] public EditorInfo? ClosedBy { get; set; }
    [Id(13)] public DateTimeOffset? ClosedAt { get; set; }

    public PullRequestInfo ToInfo() =>
        new(Number, Source, Target, Title, Body, State, Author, CreatedAt, Comments.ToList(), MergeCommit, MergedBase, MergedHead, ClosedBy, ClosedAt);
}
