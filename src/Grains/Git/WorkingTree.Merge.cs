using System.Text;
using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using LibGit2Sharp;
using MergeResult = ContextKit.Grains.Contracts.MergeResult;
using NotFoundException = ContextKit.Grains.Contracts.NotFoundException;

namespace ContextKit.Grains.Git;

/// <summary>
/// Merging another branch into this working tree's branch. The merge is computed in the object database
/// first (git's own merge, <c>git merge-tree --write-tree</c>, because LibGit2Sharp cannot produce a tree
/// for a merge with conflicts), so a refusal leaves the branch, its files and its index exactly as they were.
/// Only then are the changed files written, the branch moved and the index brought in line.
/// </summary>
public sealed partial class WorkingTree
{
    /// <summary>Texts larger than this travel in conflict details as null; the merged text is still editable through "text".</summary>
    const int MaxConflictText = 512 * 1024;

    /// <summary>Conflicts beyond this many travel with their path only, so a huge merge cannot make a huge answer.</summary>
    const int MaxDetailedConflicts = 20;

    /// <summary>The last commit of <paramref name="branchName"/>; <see cref="NotFoundException"/> when there is no such branch.</summary>
    public Commit TipOf(string branchName) =>
        Git.Branches[branchName]?.Tip ?? throw new NotFoundException($"The branch '{branchName}' was not found.");

    /// <summary>Merges <paramref name="theirs"/> into HEAD; see <see cref="IWorkspaceMerging.Merge"/>.</summary>
    public MergeResult Merge(Commit theirs, string theirsLabel, string message, IReadOnlyList<MergeResolution> resolutions, Signature signature)
    {
        var ours = Git.Head.Tip ?? throw new ConflictException("The branch has no commits to merge into.");
        var mergeBase = Git.ObjectDatabase.FindMergeBase(ours, theirs);
        if (mergeBase?.Sha == theirs.Sha || ours.Sha == theirs.Sha)
            return new MergeResult(ours.Sha, MergeResult.UpToDate, [], mergeBase?.Sha, theirs.Sha);

        Tree result;
        var fastForward = mergeBase?.Sha == ours.Sha;
        if (fastForward)
        {
            result = theirs.Tree;
        }
        else
        {
            var (merged, conflicted) = MergeTrees(ours, theirs);
            result = conflicted.Count == 0 ? merged : Resolve(merged, conflicted, (ours, Git.Head.FriendlyName), (theirs, theirsLabel), mergeBase, resolutions);
        }

        var changed = ChangedPaths(ours.Tree, result);
        var dirty = Status().Select(s => s.Path).Intersect(changed, StringComparer.Ordinal).ToList();
        if (dirty.Count > 0)
            throw new UncommittedChangesException(
                $"The merge would overwrite uncommitted changes to {string.Join(", ", dirty)}; commit or discard them first.", dirty);

        var commit = fastForward
            ? theirs
            : Git.ObjectDatabase.CreateCommit(signature, signature, message, result, [ours, theirs], prettifyMessage: true);
        // Files first: a crash before the branch moves leaves the merge visible as working changes, never lost.
        foreach (var path in changed)
        {
            var repoPath = RepoPath.Parse(path);
            if (result[path] is { TargetType: TreeEntryTargetType.Blob, Mode: not Mode.SymbolicLink } entry)
                Write(repoPath, BytesOf((Blob)entry.Target));
            else if (File.Exists(FullPath(repoPath)))
                Delete(repoPath);
        }
        Git.Refs.UpdateTarget(Git.Refs[Git.Head.CanonicalName], commit.Id, $"merge: {(fastForward ? "fast-forward" : "merge commit")}");
        if (changed.Count > 0)
        {
            Git.Index.Replace(commit, changed, null);
            Git.Index.Write(); // status runs on the git command line, which reads the index from disk
        }
        return new MergeResult(commit.Sha, fastForward ? MergeResult.FastForward : MergeResult.MergeCommit, changed, mergeBase?.Sha, theirs.Sha);
    }

    /// <summary>The conflicts merging <paramref name="theirs"/> into <paramref name="ours"/> would meet (paths only).</summary>
    public IReadOnlyList<string> ConflictsWith(Commit ours, Commit theirs)
    {
        var mergeBase = Git.ObjectDatabase.FindMergeBase(ours, theirs);
        if (mergeBase?.Sha == theirs.Sha || mergeBase?.Sha == ours.Sha)
            return [];
        return MergeTrees(ours, theirs).Conflicted;
    }

    /// <summary>The commit <paramref name="revision"/> names; <see cref="BadRequestException"/> when none.</summary>
    public Commit CommitAt(string revision) => Resolve(revision);

    public Commit? MergeBaseOf(Commit one, Commit other) => Git.ObjectDatabase.FindMergeBase(one, other);

    /// <summary>The commits reachable from <paramref name="head"/> but not from <paramref name="excluded"/>, newest first.</summary>
    public IReadOnlyList<Commit> CommitsBetween(Commit? excluded, Commit head, int limit) =>
        Git.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = head, ExcludeReachableFrom = excluded, SortBy = CommitSortStrategies.Topological })
            .Take(limit).ToList();

    (Tree Merged, IReadOnlyList<string> Conflicted) MergeTrees(Commit ours, Commit theirs)
    {
        var (exitCode, output, _) = GitCommandLine.Execute(Root,
            ["merge-tree", "--write-tree", "-z", "--name-only", "--no-messages", ours.Sha, theirs.Sha], null);
        var parts = output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (exitCode is not (0 or 1) || parts.Length == 0)
            throw new RepositoryUnavailableException("git could not compute the merge; an administrator needs to check the repository.");
        var tree = Git.Lookup<Tree>(parts[0]) ?? throw new RepositoryUnavailableException("git's merge result could not be read.");
        return (tree, parts.Skip(1).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Settles every conflicted path with its resolution, or refuses with the details of those left open.</summary>
    Tree Resolve(Tree merged, IReadOnlyList<string> conflicted, (Commit Commit, string Label) oursSide, (Commit Commit, string Label) theirsSide,
        Commit? mergeBase, IReadOnlyList<MergeResolution> resolutions)
    {
        var (ours, theirs) = (oursSide.Commit, theirsSide.Commit);
        var byPath = resolutions.GroupBy(r => r.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var open = conflicted.Where(p => !byPath.ContainsKey(p)).ToList();
        if (open.Count > 0)
            throw new MergeConflictException(
                $"The merge has conflicts in {string.Join(", ", open)}; choose ours, theirs or a merged text for each.",
                open.Select((p, i) => i < MaxDetailedConflicts
                        ? new MergeConflict(p, TextAt(mergeBase, p), TextAt(ours, p), TextAt(theirs, p), Relabel(TextOf(merged[p]), oursSide, theirsSide))
                        : new MergeConflict(p, null, null, null, null))
                    .ToList());
        var definition = TreeDefinition.From(merged);
        foreach (var path in conflicted)
        {
            var resolution = byPath[path];
            var chosen = resolution.Take switch
            {
                MergeResolution.Ours => ours[path],
                MergeResolution.Theirs => theirs[path],
                _ => null,
            };
            if (resolution.Take == MergeResolution.TextChoice)
                definition.Add(path, Git.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(resolution.Text ?? ""))), Mode.NonExecutableFile);
            else if (chosen is not null)
                definition.Add(path, chosen);
            else
                definition.Remove(path);
        }
        return Git.ObjectDatabase.CreateTree(definition);
    }

    List<string> ChangedPaths(Tree before, Tree after) =>
        Git.Diff.Compare<TreeChanges>(before, after)
            .SelectMany(c => c.OldPath != c.Path && c.Status != ChangeKind.Added ? new[] { c.OldPath, c.Path } : [c.Path])
            .Select(p => p.Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>git labels the sides of a conflict with the commit ids it was given; people know them by their branch names.</summary>
    static string? Relabel(string? merged, (Commit Commit, string Label) ours, (Commit Commit, string Label) theirs) =>
        merged?.Replace("<<<<<<< " + ours.Commit.Sha, "<<<<<<< " + ours.Label, StringComparison.Ordinal)
            .Replace(">>>>>>> " + theirs.Commit.Sha, ">>>>>>> " + theirs.Label, StringComparison.Ordinal);

    static string? TextAt(Commit? commit, string path) => commit is null ? null : TextOf(commit[path]);

    static string? TextOf(LibGit2Sharp.TreeEntry? entry) =>
        entry?.Target is Blob { IsBinary: false } blob && blob.Size <= MaxConflictText ? blob.GetContentText() : null;

    static byte[] BytesOf(Blob blob)
    {
        using var content = blob.GetContentStream();
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        return buffer.ToArray();
    }
}
