using ContextKit.Domain.Entities;
using ContextKit.Domain.Relations;

namespace ContextKit.Domain.Graph;

/// <summary>
/// The entity graph of one index (context-repo-format §6): a node per canonical entity, the §4 relations
/// as de-duplicated edges, and the references whose target does not exist listed apart. Immutable; build
/// it once per index and share it (impact, prompts and the UI all read the same one).
/// </summary>
/// <remarks>
/// A reference to an entity of the wrong type (a service's <c>consumers</c> naming a feature) makes no
/// edge, and it is not listed as dangling either: its target is a node, and validation already reports
/// the mismatch. Only ids that no node has are dangling.
/// </remarks>
public sealed class ContextGraph
{
    readonly EntityRecord[] records;
    readonly Dictionary<string, int> nodeOf;
    readonly GraphEdge[] edges;
    // Incident edges per node (both directions, each edge once, self-loops once), in edge order:
    // node n's edges are incident[incidentStart[n] .. incidentStart[n + 1]).
    readonly int[] incidentStart;
    readonly int[] incident;
    readonly int[] edgeFrom, edgeTo;
    readonly DanglingReference[] dangling;
    readonly int[] danglingOwner;

    ContextGraph(ContextIndex index, EntityRecord[] records, Dictionary<string, int> nodeOf, List<GraphEdge> edges,
        List<int> edgeFrom, List<int> edgeTo, List<DanglingReference> dangling, List<int> danglingOwner)
    {
        Index = index;
        this.records = records;
        this.nodeOf = nodeOf;
        this.edges = [.. edges];
        this.edgeFrom = [.. edgeFrom];
        this.edgeTo = [.. edgeTo];
        this.dangling = [.. dangling];
        this.danglingOwner = [.. danglingOwner];
        (incidentStart, incident) = Incidence(records.Length, this.edgeFrom, this.edgeTo);
        View = Compose(Enumerable.Range(0, records.Length), Enumerable.Range(0, this.edges.Length), Enumerable.Range(0, this.dangling.Length));
    }

    /// <summary>The index this graph was built from.</summary>
    public ContextIndex Index { get; }

    /// <summary>The whole graph in its §6 output shape.</summary>
    public GraphView View { get; }

    public IReadOnlyList<GraphEdge> Edges => edges;

    /// <summary>
    /// Builds the graph. Nodes are the canonical entities in type then path order, the constitution first
    /// when it has an id no entity also has; edges follow the nodes and, within a node, the §4 field order.
    /// </summary>
    public static ContextGraph Build(ContextIndex index)
    {
        var records = new List<EntityRecord>(index.Entities.Count + 1);
        // The index keeps the constitution apart from the entities, so an id clash with an entity is
        // settled in the entity's favour here too, keeping Find and the graph in agreement.
        if (index.Constitution?.Record is { } constitution && index.Find(constitution.Id) is null)
            records.Add(constitution);
        records.AddRange(index.Entities);

        var nodeOf = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
            nodeOf[records[i].Id] = i;

        var edges = new List<GraphEdge>();
        var edgeFrom = new List<int>();
        var edgeTo = new List<int>();
        var seenEdges = new HashSet<GraphEdge>();
        var dangling = new List<DanglingReference>();
        var danglingOwner = new List<int>();
        var seenDangling = new HashSet<DanglingReference>();
        for (var n = 0; n < records.Count; n++)
        {
            foreach (var reference in RelationTable.References(index, records[n]))
            {
                if (reference.Edge is var (from, to, rel))
                {
                    var edge = new GraphEdge(from, to, rel);
                    if (seenEdges.Add(edge))
                    {
                        edges.Add(edge);
                        edgeFrom.Add(nodeOf[from]);
                        edgeTo.Add(nodeOf[to]);
                    }
                }
                else if (reference.Resolved is null && !nodeOf.ContainsKey(reference.Target) && reference.Field.Rel is { } wouldBe)
                {
                    var entry = new DanglingReference(reference.From.Id, reference.Field.Field, reference.Target, wouldBe);
                    if (seenDangling.Add(entry))
                    {
                        dangling.Add(entry);
                        danglingOwner.Add(n);
                    }
                }
            }
        }
        return new ContextGraph(index, [.. records], nodeOf, edges, edgeFrom, edgeTo, dangling, danglingOwner);
    }

    public bool Contains(string id) => nodeOf.ContainsKey(id);

    /// <summary>The entity behind node <paramref name="id"/>, or null when there is no such node.</summary>
    public EntityRecord? Record(string id) => nodeOf.TryGetValue(id, out var n) ? records[n] : null;

    /// <summary>The edges touching <paramref name="id"/>, either way, in edge order (empty for an unknown id).</summary>
    public IReadOnlyList<GraphEdge> EdgesOf(string id)
    {
        if (!nodeOf.TryGetValue(id, out var n))
            return [];
        var list = new GraphEdge[incidentStart[n + 1] - incidentStart[n]];
        for (var i = 0; i < list.Length; i++)
            list[i] = edges[incident[incidentStart[n] + i]];
        return list;
    }

    /// <summary>The distinct ids joined to <paramref name="id"/> by an edge, ignoring direction, in edge order.</summary>
    public IReadOnlyList<string> AdjacentIds(string id)
    {
        if (!nodeOf.TryGetValue(id, out var n))
            return [];
        var result = new List<string>(incidentStart[n + 1] - incidentStart[n]);
        var seen = new HashSet<int> { n };
        for (var i = incidentStart[n]; i < incidentStart[n + 1]; i++)
        {
            var e = incident[i];
            var other = edgeFrom[e] == n ? edgeTo[e] : edgeFrom[e];
            if (seen.Add(other))
                result.Add(records[other].Id);
        }
        return result;
    }

    /// <summary>
    /// One entry per edge touching <paramref name="id"/> (a neighbour joined by two rels appears twice), in
    /// edge order; a self-loop is left out.
    /// </summary>
    public IReadOnlyList<RelatedEntity> Neighbours(string id)
    {
        if (!nodeOf.TryGetValue(id, out var n))
            return [];
        var result = new List<RelatedEntity>();
        for (var i = incidentStart[n]; i < incidentStart[n + 1]; i++)
        {
            var e = incident[i];
            var other = edgeFrom[e] == n ? edgeTo[e] : edgeFrom[e];
            if (other == n)
                continue;
            var record = records[other];
            result.Add(new RelatedEntity(record.Id, record.Type.Name, record.Title, record.Status, edges[e].Rel));
        }
        return result;
    }

    /// <summary>
    /// The entities within <paramref name="depth"/> hops of <paramref name="centre"/> (direction ignored), the
    /// edges among them and the dangling references they declare, in the graph's own order; null when
    /// <paramref name="centre"/> is not a node. Large repositories show this rather than the whole graph.
    /// </summary>
    public GraphView? Neighbourhood(string centre, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        if (!nodeOf.ContainsKey(centre))
            return null;
        var inside = new bool[records.Length];
        inside[nodeOf[centre]] = true;
        foreach (var reached in GraphTraversal.BreadthFirst([centre], depth, AdjacentIds))
            inside[nodeOf[reached.Id]] = true;
        return Compose(
            Enumerable.Range(0, records.Length).Where(n => inside[n]),
            Enumerable.Range(0, edges.Length).Where(e => inside[edgeFrom[e]] && inside[edgeTo[e]]),
            Enumerable.Range(0, dangling.Length).Where(d => inside[danglingOwner[d]]));
    }

    GraphView Compose(IEnumerable<int> nodeIndexes, IEnumerable<int> edgeIndexes, IEnumerable<int> danglingIndexes)
    {
        var nodes = nodeIndexes.Select(n => new GraphNode(records[n].Id, records[n].Type.Name, records[n].Data, records[n].Path.Value)).ToList();
        var chosenEdges = edgeIndexes.Select(e => edges[e]).ToList();
        var chosenDangling = danglingIndexes.Select(d => dangling[d]).ToList();
        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in EntityType.All)
            if (nodes.Count(n => n.Kind == type.Name) is var count and > 0)
                byType[type.Name] = count;
        var byRel = new Dictionary<string, int>(StringComparer.Ordinal);
        var relCounts = chosenEdges.CountBy(e => e.Rel).ToDictionary(StringComparer.Ordinal);
        foreach (var rel in GraphRels.All)
            if (relCounts.GetValueOrDefault(rel) is var count and > 0)
                byRel[rel] = count;
        return new GraphView(nodes, chosenEdges, chosenDangling,
            new GraphStats(nodes.Count, chosenEdges.Count, chosenDangling.Count, byType, byRel));
    }

    static (int[] Start, int[] Incident) Incidence(int nodeCount, int[] from, int[] to)
    {
        var start = new int[nodeCount + 1];
        for (var e = 0; e < from.Length; e++)
        {
            start[from[e] + 1]++;
            if (to[e] != from[e])
                start[to[e] + 1]++;
        }
        for (var n = 0; n < nodeCount; n++)
            start[n + 1] += start[n];
        var fill = start[..^1].ToArray();
        var incident = new int[start[nodeCount]];
        // Edges are visited in order, so each node's slice lists its edges in edge order.
        for (var e = 0; e < from.Length; e++)
        {
            incident[fill[from[e]]++] = e;
            if (to[e] != from[e])
                incident[fill[to[e]]++] = e;
        }
        return (start, incident);
    }
}
