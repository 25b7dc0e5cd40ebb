using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Validation;

namespace ContextKit.Grains.Workspaces;

/// <summary>
/// What the engines know about one branch's working tree: the entity index, the validation state and,
/// built when first asked for, the graph. A file change re-parses only that file and re-checks only what
/// it touches. Owned by the branch's WorkspaceGrain, which calls it one operation at a time (on the git
/// work pool, never concurrently), so it needs no locks.
/// </summary>
public sealed class BranchContext
{
    readonly RepositoryValidator validator = new();
    Lazy<ContextGraph> graph;

    BranchContext(ContextIndex index, IRepositorySnapshot snapshot)
    {
        Index = index;
        graph = GraphOf(index);
        validator.Validate(index, snapshot);
    }

    public ContextIndex Index { get; private set; }

    public ContextGraph Graph => graph.Value;

    /// <summary>The latest validation report of the whole branch.</summary>
    public ValidationReport Validation => validator.Report;

    public static BranchContext Load(IRepositorySnapshot snapshot) => new(ContextIndex.Load(snapshot), snapshot);

    /// <summary>
    /// Takes in that <paramref name="path"/> was written (<paramref name="text"/>) or deleted (null) and
    /// returns the validation of that file: its own problems against the whole branch.
    /// </summary>
    public ValidationReport Apply(IRepositorySnapshot snapshot, RepoPath path, string? text)
    {
        if (ContextIndex.Covers(path))
        {
            Index = Index.WithFile(path, text);
            graph = GraphOf(Index);
        }
        validator.Update(Index, snapshot, path);
        return validator.ForFile(path);
    }

    /// <summary>A full re-validation, for changes made behind the workspace's back (a merge, an import).</summary>
    public ValidationReport Revalidate(IRepositorySnapshot snapshot) => validator.Validate(Index, snapshot);

    static Lazy<ContextGraph> GraphOf(ContextIndex index) => new(() => ContextGraph.Build(index));
}
