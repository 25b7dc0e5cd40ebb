using ContextKit.Domain.Impact;
using ContextKit.Domain.Validation;

namespace ContextKit.Grains.Contracts;

/// <summary>
/// The merge side of a branch's workspace: merging another branch into it, comparing it with another branch
/// for a pull request, and its protection. Part of <see cref="IWorkspaceGrain"/>, so a merge is serialised
/// with every other file and git operation on the target branch.
/// </summary>
[Alias("ck.IWorkspaceMerging")]
public interface IWorkspaceMerging
{
    /// <summary>
    /// Merges the last commit of <c>request.Source</c> (or exactly <c>request.SourceCommit</c>) into this branch:
    /// a fast-forward when this branch has nothing of its own, else a merge commit by <paramref name="actor"/>.
    /// Conflicts without a resolution for each conflicted path throw <see cref="MergeConflictException"/>, and
    /// uncommitted changes on paths the merge would touch throw <see cref="UncommittedChangesException"/>; in
    /// both cases nothing changes. A protected branch accepts only merges of pull requests.
    /// </summary>
    [Alias("Merge")]
    Task<MergeResult> Merge(MergeRequest request, Actor actor);

    /// <summary>
    /// What this branch brings to <c>request.Target</c> (or, for a merged pull request, what
    /// <c>request.Head</c> brought over <c>request.Base</c>): commits, diff, the validation of the head commit,
    /// the impact of every entity it changes, and the paths that would conflict.
    /// </summary>
    [Alias("Review")]
    Task<BranchReview> Review(ReviewRequest request);

    /// <summary>The last commit of this branch and the validation of its tree (uncommitted changes left out).</summary>
    [Alias("ValidateHead")]
    Task<CommitValidation> ValidateHead();

    /// <summary>Protects the branch (only pull-request merges change it) or lifts that; called by the repository grain.</summary>
    [Alias("SetProtection")]
    Task SetProtection(bool isProtected);

    /// <summary>Whether the branch is protected (live document sessions refuse edits there).</summary>
    [Alias("IsProtected")]
    Task<bool> IsProtected();
}

/// <summary>How to settle one conflicted path: keep this branch's version, take the merged branch's, or use <c>Text</c>.</summary>
[GenerateSerializer, Immutable, Alias("ck.merge-resolution")]
public sealed record MergeResolution([property: Id(0)] string Path, [property: Id(1)] string Take, [property: Id(2)] string? Text = null)
{
    public const string Ours = "ours", Theirs = "theirs", TextChoice = "text";
}

[GenerateSerializer, Immutable, Alias("ck.merge-request")]
public sealed record MergeRequest(
    [property: Id(0)] string Source,
    [property: Id(1)] string? SourceCommit,
    [property: Id(2)] string? Message,
    [property: Id(3)] IReadOnlyList<MergeResolution> Resolutions,
    [property: Id(4)] bool ViaPullRequest = false);

/// <summary>What a merge did: <c>Kind</c> is <c>fast-forward</c>, <c>merge</c> or <c>up-to-date</c>; <c>Commit</c> is the branch's new head, <c>SourceCommit</c> the commit merged.</summary>
[GenerateSerializer, Immutable, Alias("ck.merge-result")]
public sealed record MergeResult(
    [property: Id(0)] string Commit,
    [property: Id(1)] string Kind,
    [property: Id(2)] IReadOnlyList<string> Paths,
    [property: Id(3)] string? Base,
    [property: Id(4)] string SourceCommit)
{
    public const string FastForward = "fast-forward", MergeCommit = "merge", UpToDate = "up-to-date";
}

/// <summary>
/// One conflicted path with the three versions (null where the file does not exist or is binary) and git's
/// merged text with conflict markers, the starting point for editing a resolution by hand.
/// </summary>
[GenerateSerializer, Immutable, Alias("ck.merge-conflict")]
public sealed record MergeConflict(
    [property: Id(0)] string Path,
    [property: Id(1)] string? Base,
    [property: Id(2)] string? Ours,
    [property: Id(3)] string? Theirs,
    [property: Id(4)] string? Merged);

[GenerateSerializer, Immutable, Alias("ck.review-request")]
public sealed record ReviewRequest(
    [property: Id(0)] string Target,
    [property: Id(1)] string? Base = null,
    [property: Id(2)] string? Head = null);

/// <summary>A pull request's evidence: see <see cref="IWorkspaceMerging.Review"/>.</summary>
[GenerateSerializer, Immutable, Alias("ck.branch-review")]
public sealed record BranchReview(
    [property: Id(0)] string? Base,
    [property: Id(1)] string Head,
    [property: Id(2)] IReadOnlyList<CommitInfo> Commits,
    [property: Id(3)] GitDiff Diff,
    [property: Id(4)] IReadOnlyList<string> ChangedEntities,
    [property: Id(5)] ValidationReport Validation,
    [property: Id(6)] ImpactReport? Impact,
    [property: Id(7)] IReadOnlyList<string> Conflicts);

[GenerateSerializer, Immutable, Alias("ck.commit-validation")]
public sealed record CommitValidation([property: Id(0)] string Commit, [property: Id(1)] ValidationReport Validation);
