namespace ContextKit.Domain.Validation;

/// <summary>
/// Cycles among services' <c>depends-on</c> edges (context-repo-format §5 step 4): the strongly connected
/// components (Tarjan) with more than one member, and every self-loop. Each is shown as one cycle through
/// the component's smallest id (ordinal): the shortest way back to it, neighbours in declaration order.
/// </summary>
public static class DependencyCycles
{
    /// <summary>Each cycle as the ids along it, first and last the same: <c>[svc-a, svc-b, svc-a]</c>; ordered by that id.</summary>
    /// <param name="edges">Each service's dependencies on existing services, in declaration order.</param>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in Components(edges).Where(c => c.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var start = component.Min(StringComparer.Ordinal)!;
            cycles.Add(ShortestCycle(start, members, edges));
        }
        foreach (var (from, targets) in edges)
            if (targets.Contains(from))
                cycles.Add([from, from]);
        // A component's cycle comes before a self-loop of its smallest id.
        return cycles.Select((c, i) => (c, i)).OrderBy(x => x.c[0], StringComparer.Ordinal).ThenBy(x => x.c.Count == 2 ? 1 : 0).ThenBy(x => x.i)
            .Select(x => x.c).ToList();
    }

    static List<string> ShortestCycle(string start, HashSet<string> members, IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!members.Contains(next) || (next == node && node == start))
                    continue;
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = parent[at])
                        path.Add(at);
                    path.Add(start);
                    path.Reverse(1, path.Count - 2);
                    return path;
                }
                if (next != start && parent.TryAdd(next, node))
                    queue.Enqueue(next);
            }
        }
        return [start, start];
    }

    /// <summary>Tarjan's strongly connected components, iteratively, so that long chains cannot overflow the stack.</summary>
    static List<List<string>> Components(IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var counter = 0;
        foreach (var root in edges.Keys)
        {
            if (index.ContainsKey(root))
                continue;
            var work = new Stack<(string Node, int Next)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (node, next) = work.Pop();
                var targets = edges.GetValueOrDefault(node) ?? [];
                if (next < targets.Count)
                {
                    work.Push((node, next + 1));
                    var target = targets[next];
                    if (!edges.ContainsKey(target))
                        continue;
                    if (!index.ContainsKey(target))
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack.Add(target);
                        work.Push((target, 0));
                    }
                    else if (onStack.Contains(target))
                        low[node] = Math.Min(low[node], index[target]);
                    continue;
                }
                if (work.Count > 0)
                {
                    var caller = work.Peek().Node;
                    low[caller] = Math.Min(low[caller], low[node]);
                }
                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    } while (member != node);
                    components.Add(component);
                }
            }
        }
        return components;
    }
}
