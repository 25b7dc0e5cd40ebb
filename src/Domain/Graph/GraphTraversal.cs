namespace ContextKit.Domain.Graph;

/// <summary>An entity reached by a traversal: its fewest hops from the sources and the ids along one shortest way there.</summary>
public sealed record ReachedEntity(string Id, int Distance, IReadOnlyList<string> Path);

/// <summary>Breadth-first search from several sources at once, used by neighbourhoods (§6) and impact (§7).</summary>
public static class GraphTraversal
{
    /// <summary>
    /// Every id within <paramref name="depth"/> hops of any source, sources excluded, in the order first reached.
    /// Sources are expanded in the order given and neighbours in the order <paramref name="neighbours"/> yields
    /// them, so each path runs from the nearest source and, among equally near ones, from the earliest.
    /// </summary>
    public static IReadOnlyList<ReachedEntity> BreadthFirst(
        IEnumerable<string> sources, int depth, Func<string, IEnumerable<string>> neighbours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        // Parent pointers rather than a path per node: a path is rebuilt only for the nodes returned.
        var parent = new Dictionary<string, string?>(StringComparer.Ordinal);
        var frontier = new List<string>();
        foreach (var source in sources)
            if (parent.TryAdd(source, null))
                frontier.Add(source);

        var reached = new List<(string Id, int Distance)>();
        for (var distance = 1; distance <= depth && frontier.Count > 0; distance++)
        {
            var next = new List<string>();
            foreach (var id in frontier)
                foreach (var neighbour in neighbours(id))
                    if (parent.TryAdd(neighbour, id))
                    {
                        next.Add(neighbour);
                        reached.Add((neighbour, distance));
                    }
            frontier = next;
        }
        return reached.Select(r => new ReachedEntity(r.Id, r.Distance, PathTo(r.Id, r.Distance, parent))).ToList();
    }

    static string[] PathTo(string id, int distance, Dictionary<string, string?> parent)
    {
        var path = new string[distance + 1];
        string? at = id;
        for (var i = distance; i >= 0; i--)
        {
            path[i] = at!;
            at = parent[at!];
        }
        return path;
    }
}
