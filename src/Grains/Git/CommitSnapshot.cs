using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using LibGit2Sharp;

namespace ContextKit.Grains.Git;

/// <summary>
/// A read-only view of the tree of one commit, so the engines can read "the repository as it was"
/// (impact's base) exactly like they read a working tree. Reads the blobs it is asked for, nothing more.
/// </summary>
public sealed class CommitSnapshot(Commit commit) : IRepositorySnapshot
{
    public string Sha => commit.Sha;

    public IReadOnlyList<RepoPath> ListFiles(RepoPath folder)
    {
        var files = new List<RepoPath>();
        var tree = folder.IsRoot ? commit.Tree : commit[folder.Value]?.Target as Tree;
        if (tree is not null)
            Collect(tree, folder.IsRoot ? "" : folder.Value + "/", files);
        return files.OrderBy(p => p.Value, StringComparer.Ordinal).ToList();
    }

    public string? ReadText(RepoPath path) =>
        commit[path.Value]?.Target is Blob blob ? blob.GetContentText() : null;

    static void Collect(Tree tree, string prefix, List<RepoPath> files)
    {
        foreach (var entry in tree)
        {
            if (entry.TargetType == TreeEntryTargetType.Tree)
                Collect((Tree)entry.Target, prefix + entry.Name + "/", files);
            else if (entry.TargetType == TreeEntryTargetType.Blob && entry.Mode != Mode.SymbolicLink
                     && RepoPath.TryParse(prefix + entry.Name, false, out var path, out _))
                files.Add(path);
        }
    }
}
