using ContextKit.Domain.Graph;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Tests.Graph;
using CsCheck;

namespace ContextKit.Domain.Tests.Impact;

public class ImpactPropertyTests
{
    static readonly Gen<string[]> Ids = Gen.OneOf(RandomRepositories.Pool).Array[1, 3];

    [Fact]
    public void The_impacted_set_at_depth_d_is_contained_in_the_set_at_depth_d_plus_one() =>
        Gen.Select(RandomRepositories.Files, RandomRepositories.Files, Ids, Gen.Int[1, 4]).Sample((now, atBase, ids, depth) =>
        {
            var graph = ContextGraph.Build(RandomRepositories.Load(now));
            var baseIndex = RandomRepositories.Load(atBase);
            var shallow = ImpactAnalysis.Run(new ImpactRequest(ids, depth), graph, baseIndex, "base", ImpactRules.BuiltIn);
            var deeper = ImpactAnalysis.Run(new ImpactRequest(ids, depth + 1), graph, baseIndex, "base", ImpactRules.BuiltIn);
            Assert.Subset(deeper.ImpactedIds.ToHashSet(), shallow.ImpactedIds.ToHashSet());
            Assert.Equal(shallow.StaleIds, deeper.StaleIds);
        }, iter: 300);

    [Fact]
    public void Impacted_entities_are_distinct_never_changed_and_include_every_stale_one() =>
        Gen.Select(RandomRepositories.Files, RandomRepositories.Files, Ids, Gen.Int[1, 5]).Sample((now, atBase, ids, depth) =>
        {
            var report = ImpactAnalysis.Run(new ImpactRequest(ids, depth), ContextGraph.Build(RandomRepositories.Load(now)),
                RandomRepositories.Load(atBase), "base", ImpactRules.BuiltIn);
            Assert.Equal(report.ImpactedIds.Count, report.ImpactedIds.Distinct().Count());
            Assert.Empty(report.ImpactedIds.Intersect(ids));
            Assert.Subset(report.ImpactedIds.ToHashSet(), report.StaleIds.ToHashSet());
            Assert.Equal(report.ImpactedIds, report.ImpactedEntities.Select(e => e.Id));
        }, iter: 300);

    [Fact]
    public void Distances_are_the_fewest_hops_and_paths_walk_edges_from_a_changed_entity() =>
        Gen.Select(RandomRepositories.Files, Ids, Gen.Int[1, 5]).Sample((files, ids, depth) =>
        {
            var graph = ContextGraph.Build(RandomRepositories.Load(files));
            var report = ImpactAnalysis.Run(new ImpactRequest(ids, depth), graph, null, null, ImpactRules.BuiltIn);
            var shortest = Distances(graph, ids.Where(graph.Contains));
            var joined = graph.Edges.SelectMany(e => new[] { (e.From, e.To), (e.To, e.From) }).ToHashSet();
            foreach (var entity in report.ImpactedEntities)
            {
                Assert.Equal(shortest[entity.Id], entity.Distance);
                Assert.Equal(entity.Distance + 1, entity.Path.Count);
                Assert.Contains(entity.Path[0], ids);
                Assert.Equal(entity.Id, entity.Path[^1]);
                for (var i = 1; i < entity.Path.Count; i++)
                    Assert.Contains((entity.Path[i - 1], entity.Path[i]), joined);
            }
            // Everything within the depth is reached.
            Assert.Equal(shortest.Where(d => d.Value is > 0 && d.Value <= depth).Select(d => d.Key).Order(),
                report.ImpactedEntities.Where(e => e.Distance <= depth).Select(e => e.Id).Order());
        }, iter: 300);

    /// <summary>Fewest hops from any source, ignoring direction, by relaxing every edge until nothing changes.</summary>
    static Dictionary<string, int> Distances(ContextGraph graph, IEnumerable<string> sources)
    {
        var distance = sources.Distinct().ToDictionary(s => s, _ => 0);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var edge in graph.Edges)
                foreach (var (a, b) in new[] { (edge.From, edge.To), (edge.To, edge.From) })
                    if (distance.TryGetValue(a, out var d) && (!distance.TryGetValue(b, out var e) || d + 1 < e))
                    {
                        distance[b] = d + 1;
                        changed = true;
                    }
        }
        return distance;
    }
}
