using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;

namespace ContextKit.Grains.Workspaces;

/// <summary>
/// What the engines know about one branch's working tree: the entity index and, built when first asked
/// for, the graph. Immutable: a file change gives a new context in which only that file was re-parsed,
/// so the workspace can compute it off the grain scheduler and swap it in afterwards.
/// </summary>
public sealed class BranchContext
{
    readonly Lazy<ContextGraph> graph;

    BranchContext(ContextIndex index)
    {
        Index = index;
        graph = new Lazy<ContextGraph>(() => ContextGraph.Build(index));
    }

    public ContextIndex Index { get; }

    public ContextGraph Graph => graph.Value;

    public static BranchContext Load(IRepositorySnapshot snapshot) => new(ContextIndex.Load(snapshot));

    /// <summary>The context after <paramref name="path"/> was written (<paramref name="text"/>) or deleted (null).</summary>
    public BranchContext With(RepoPath path, string? text) =>
        ContextIndex.Covers(path) ? new BranchContext(Index.WithFile(path, text)) : this;
}
