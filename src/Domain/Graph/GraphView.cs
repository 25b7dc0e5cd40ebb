using System.Text.Json.Nodes;

namespace ContextKit.Domain.Graph;

/// <summary>
/// A node of the graph: one canonical entity (context-repo-format §6). <see cref="Data"/> is the entity's
/// own JSON tree from the index, shared rather than copied; treat it as read-only.
/// </summary>
public sealed record GraphNode(string Id, string Kind, JsonObject Data, string Path);

/// <summary>A de-duplicated edge between two nodes; <see cref="Rel"/> is one of <see cref="GraphRels.All"/>.</summary>
public sealed record GraphEdge(string From, string To, string Rel);

/// <summary>A reference to an id that no entity has: the declaring entity, its field, the id named, the rel it would have made.</summary>
public sealed record DanglingReference(string From, string Field, string Reference, string Rel);

/// <summary>Totals and per-type / per-rel counts; the maps hold non-zero counts only, in type order and rel order.</summary>
public sealed record GraphStats(
    int TotalNodes,
    int TotalEdges,
    int TotalDangling,
    IReadOnlyDictionary<string, int> NodesByType,
    IReadOnlyDictionary<string, int> EdgesByRel);

/// <summary>
/// The graph as the API returns it (context-repo-format §6 "Output"): the whole graph, or a neighbourhood of it,
/// which has the same shape so that one renderer draws both.
/// </summary>
public sealed record GraphView(
    IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<GraphEdge> Edges,
    IReadOnlyList<DanglingReference> DanglingReferences,
    GraphStats Stats);

/// <summary>
/// A graph neighbour of an entity and the rel of the edge joining them, whichever way it points; prompt
/// generation exposes these as <c>_related</c> (§8). <see cref="Title"/> is <c>title ?? name ?? id</c>.
/// </summary>
public sealed record RelatedEntity(string Id, string Type, string Title, string? Status, string Rel);

/// <summary>The edge rels in the order §6 lists them; stats and listings follow it.</summary>
public static class GraphRels
{
    public const string HasStory = "has-story", HasSpec = "has-spec", HasTask = "has-task", Requires = "requires",
        Produces = "produces", Impacts = "impacts", RelatesTo = "relates-to", Implements = "implements",
        Modifies = "modifies", DependsOn = "depends-on", Uses = "uses";

    public static IReadOnlyList<string> All { get; } =
        [HasStory, HasSpec, HasTask, Requires, Produces, Impacts, RelatesTo, Implements, Modifies, DependsOn, Uses];
}
