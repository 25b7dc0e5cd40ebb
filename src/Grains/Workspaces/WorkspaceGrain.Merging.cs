using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;
using Microsoft.Extensions.Logging;

namespace ContextKit.Grains.Workspaces;

/// <summary>
/// Merges into this branch, reviews of this branch against another, and the branch's protection. A merge is
/// one grain call, so it is serialised with every write and commit on the branch: two merges, or a merge and a
/// commit, never interleave.
/// </summary>
public sealed partial class WorkspaceGrain
{
    const int ReviewCommitLimit = 250;

    public async Task<MergeResult> Merge(MergeRequest request, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(request.Source))
            throw new BadRequestException("Name the branch to merge.");
        if (request.Source == branch)
            throw new BadRequestException("A branch cannot be merged into itself.");
        if (state.State.Protected && !request.ViaPullRequest)
            throw new BranchProtectedException($"The branch '{branch}' is protected: changes arrive only by pull request.");
        foreach (var resolution in request.Resolutions)
        {
            if (resolution is null || string.IsNullOrWhiteSpace(resolution.Path))
                throw new BadRequestException("Every resolution names the path it settles.");
            ParsePath(resolution.Path);
            if (resolution.Take is not (MergeResolution.Ours or MergeResolution.Theirs or MergeResolution.TextChoice))
                throw new BadRequestException($"A resolution takes \"ours\", \"theirs\" or \"text\"; '{resolution.Path}' has '{resolution.Take}'.");
            if (resolution.Take == MergeResolution.TextChoice && resolution.Text is null)
                throw new BadRequestException($"The resolution of '{resolution.Path}' takes a text but has none.");
        }
        var message = string.IsNullOrWhiteSpace(request.Message) ? $"Merge branch '{request.Source}' into {branch}" : request.Message.Trim();
        var engines = await Context();
        var (result, reloaded) = await GitWork.Run(() =>
        {
            var theirs = Tree.TipOf(request.Source);
            if (request.SourceCommit is { } pinned && theirs.Sha != pinned)
                theirs = Tree.CommitAt(pinned);
            var merged = Tree.Merge(theirs, request.Source, message, request.Resolutions, RepositoryStore.Signature(actor));
            // Many files can change at once: the engines take the merged tree in whole.
            return (merged, merged.Paths.Count > 0 ? BranchContext.Load(Tree) : engines);
        });
        context = reloaded;
        if (result.Kind == MergeResult.UpToDate)
            return result;
        var summary = Summary(reloaded.Validation);
        await Publish(ChangeKinds.Merged, result.Paths, result.Commit, actor);
        await PublishValidation(summary, actor);
        // One-way, as for every write: live sessions fold the merged text in as an edit.
        foreach (var path in result.Paths.Where(openDocuments.Contains))
            _ = GrainFactory.GetGrain<IDocumentGrain>(DocumentKey.For(repositoryId, branch, path)).FileChanged();
        logger.LogInformation("Merged {Source} into {Repository}/{Branch} as {Kind} {Commit}", request.Source, repositoryId, branch, result.Kind, result.Commit[..12]);
        return result;
    }

    public async Task<BranchReview> Review(ReviewRequest request) => await GitWork.Run(() =>
    {
        var head = request.Head is { } fixedHead ? Tree.CommitAt(fixedHead) : Tree.TipOf(branch);
        var target = request.Head is null ? Tree.TipOf(request.Target) : null;
        var mergeBase = request.Base is { } fixedBase ? Tree.CommitAt(fixedBase) : target is null ? null : Tree.MergeBaseOf(target, head);
        var commits = Tree.CommitsBetween(target ?? mergeBase, head, ReviewCommitLimit).Select(ToInfo).ToList();
        var diff = mergeBase is null ? new GitDiff("", []) : Tree.Diff(null, mergeBase.Sha, head.Sha);

        var headSnapshot = new CommitSnapshot(head);
        var headIndex = ContextIndex.Load(headSnapshot);
        var baseIndex = mergeBase is null ? null : ContextIndex.Load(new CommitSnapshot(mergeBase));
        // Every entity whose file the change touches, as it is now or (deleted) as it was.
        var changedEntities = diff.Files
            .SelectMany(f => f.OldPath is null ? [f.Path] : new[] { f.OldPath, f.Path })
            .Select(p => RepoPath.TryParse(p, false, out var path, out _) ? path : null)
            .OfType<RepoPath>()
            .Select(p => headIndex.FileAt(p)?.Id ?? baseIndex?.FileAt(p)?.Id)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var impact = changedEntities.Count == 0
            ? null
            : ImpactAnalysis.Run(new ImpactRequest(changedEntities, ImpactRequest.DefaultDepth, mergeBase?.Sha ?? head.Sha),
                ContextGraph.Build(headIndex), baseIndex, mergeBase?.Sha, ImpactRules.Load(headSnapshot));
        var conflicts = target is null ? [] : Tree.ConflictsWith(target, head);
        return new BranchReview(mergeBase?.Sha, head.Sha, commits, diff, changedEntities,
            BranchContext.Load(headSnapshot).Validation, impact, conflicts);
    });

    public async Task<CommitValidation> ValidateHead() => await GitWork.Run(() =>
    {
        var head = Tree.TipOf(branch);
        return new CommitValidation(head.Sha, BranchContext.Load(new CommitSnapshot(head)).Validation);
    });

    public async Task SetProtection(bool isProtected)
    {
        if (state.State.Protected == isProtected)
            return;
        state.State.Protected = isProtected;
        await state.WriteStateAsync();
    }

    public Task<bool> IsProtected() => Task.FromResult(state.State.Protected);

    /// <summary>Direct writes and commits stop at a protected branch; only a pull request's merge changes it.</summary>
    void RefuseIfProtected()
    {
        if (state.State.Protected)
            throw new BranchProtectedException($"The branch '{branch}' is protected: changes arrive only by pull request. Work on another branch and open a pull request.");
    }
}
