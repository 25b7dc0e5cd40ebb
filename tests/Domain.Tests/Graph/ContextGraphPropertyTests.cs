using ContextKit.Domain.Graph;
using CsCheck;

namespace ContextKit.Domain.Tests.Graph;

public class ContextGraphPropertyTests
{
    [Fact]
    public void The_graph_never_holds_a_duplicate_edge() =>
        RandomRepositories.Files.Sample(files =>
        {
            var edges = ContextGraph.Build(RandomRepositories.Load(files)).Edges;
            Assert.Equal(edges.Count, edges.Distinct().Count());
        }, iter: 500);

    [Fact]
    public void Edges_join_nodes_and_dangling_references_name_no_node() =>
        RandomRepositories.Files.Sample(files =>
        {
            var graph = ContextGraph.Build(RandomRepositories.Load(files));
            var view = graph.View;
            var ids = view.Nodes.Select(n => n.Id).ToHashSet();
            Assert.Equal(view.Nodes.Count, ids.Count);
            Assert.All(view.Edges, e => Assert.True(ids.Contains(e.From) && ids.Contains(e.To)));
            Assert.All(view.DanglingReferences, d => Assert.DoesNotContain(d.Reference, ids));
            Assert.Equal(view.DanglingReferences.Count, view.DanglingReferences.Distinct().Count());
            Assert.Equal(view.Edges.Count, view.Stats.EdgesByRel.Values.Sum());
        }, iter: 500);

    [Fact]
    public void Every_edge_appears_among_the_neighbours_of_both_ends() =>
        RandomRepositories.Files.Sample(files =>
        {
            var graph = ContextGraph.Build(RandomRepositories.Load(files));
            foreach (var edge in graph.Edges)
            {
                Assert.Contains(edge, graph.EdgesOf(edge.From));
                Assert.Contains(edge, graph.EdgesOf(edge.To));
            }
        }, iter: 300);
}
