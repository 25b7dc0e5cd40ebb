namespace ContextKit.Grains.Contracts;

/// <summary>
/// The pull requests of a repository and the protection of its branches, kept by the repository grain
/// (part of <see cref="IRepositoryGrain"/>). Merging asks the target branch's workspace to do the merge.
/// </summary>
[Alias("ck.IPullRequests")]
public interface IPullRequests
{
    /// <summary>Opens a pull request from <paramref name="source"/> into <paramref name="target"/> (editors).</summary>
    [Alias("OpenPullRequest")]
    Task<PullRequestInfo> OpenPullRequest(Actor actor, string source, string target, string title, string? body);

    /// <summary>The pull requests, newest first; <paramref name="state"/> (open, merged, closed) filters them.</summary>
    [Alias("ListPullRequests")]
    Task<IReadOnlyList<PullRequestInfo>> ListPullRequests(string? state);

    [Alias("GetPullRequest")]
    Task<PullRequestInfo> GetPullRequest(int number);

    [Alias("CommentOnPullRequest")]
    Task<PullRequestInfo> CommentOnPullRequest(Actor actor, int number, string text);

    /// <summary>
    /// Merges an open pull request with the same conflict rules as a merge. Into a protected branch only for
    /// owners, and only when the source's last commit validates (<see cref="ValidationFailedException"/>).
    /// </summary>
    [Alias("MergePullRequest")]
    Task<PullRequestInfo> MergePullRequest(Actor actor, int number, string? message, IReadOnlyList<MergeResolution> resolutions);

    [Alias("ClosePullRequest")]
    Task<PullRequestInfo> ClosePullRequest(Actor actor, int number);

    /// <summary>Protects a branch or lifts its protection (owners).</summary>
    [Alias("SetBranchProtection")]
    Task SetBranchProtection(Actor actor, string branch, bool isProtected);

    [Alias("GetProtectedBranches")]
    Task<IReadOnlyList<string>> GetProtectedBranches();
}

/// <summary>The states of a pull request.</summary>
public static class PullRequestStates
{
    public const string Open = "open", Merged = "merged", Closed = "closed";
}

[GenerateSerializer, Immutable, Alias("ck.pull-request-info")]
public sealed record PullRequestInfo(
    [property: Id(0)] int Number,
    [property: Id(1)] string Source,
    [property: Id(2)] string Target,
    [property: Id(3)] string Title,
    [property: Id(4)] string Body,
    [property: Id(5)] string State,
    [property: Id(6)] EditorInfo Author,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] IReadOnlyList<PullRequestComment> Comments,
    [property: Id(9)] string? MergeCommit,
    [property: Id(10)] string? MergedBase,
    [property: Id(11)] string? MergedHead,
    [property: Id(12)] EditorInfo? ClosedBy,
    [property: Id(13)] DateTimeOffset? ClosedAt);

[GenerateSerializer, Immutable, Alias("ck.pull-request-comment")]
public sealed record PullRequestComment([property: Id(0)] EditorInfo Author, [property: Id(1)] string Text, [property: Id(2)] DateTimeOffset At);
