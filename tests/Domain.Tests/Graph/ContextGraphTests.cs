using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Graph;

namespace ContextKit.Domain.Tests.Graph;

public class ContextGraphTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    static ExampleRepository Repo => ExampleRepository.Base;

    [Fact]
    public void Nodes_are_the_canonical_entities_in_type_then_path_order()
    {
        var view = Repo.Graph().View;
        Assert.Equal(["FEAT-001", "US-001", "SPEC-001", "T-001", "svc-git", "pkg-context-sync"], view.Nodes.Select(n => n.Id));
        Assert.Equal(["feature", "userstory", "spec", "task", "service", "package"], view.Nodes.Select(n => n.Kind));
        Assert.Equal(ExampleRepository.Task, view.Nodes[3].Path);
        Assert.Equal("todo", (string?)view.Nodes[3].Data["status"]);
    }

    [Fact]
    public void A_duplicate_id_gives_one_node_from_the_first_file()
    {
        // §14 example 3.
        var view = Repo
            .With("contexts/features/a.yaml", "id: FEAT-002\ntitle: A\nstatus: proposed\n")
            .With("contexts/features/b.yaml", "id: FEAT-002\ntitle: B\nstatus: proposed\n")
            .Graph().View;
        var node = Assert.Single(view.Nodes, n => n.Id == "FEAT-002");
        Assert.Equal("contexts/features/a.yaml", node.Path);
        Assert.Equal("A", (string?)node.Data["title"]);
    }

    [Fact]
    public void A_link_declared_on_both_sides_is_one_edge_and_reverse_declared_links_make_edges()
    {
        // §14 example 10.
        var view = Repo
            .With(ExampleRepository.Package, "id: pkg-context-sync\nname: context-sync\nversion: 1.0.0\ntype: npm\nuses:\n  services: [svc-git]\n")
            .With(ExampleRepository.Service, "id: svc-git\nname: Git service\ntype: backend\nconsumers: [pkg-context-sync]\n")
            .With("contexts/userstories/US-050.yaml", "id: US-050\nfeature: FEAT-001\n")
            .Graph().View;
        Assert.Equal([new GraphEdge("pkg-context-sync", "svc-git", "uses")], view.Edges.Where(e => e.Rel == "uses"));
        Assert.Contains(new GraphEdge("FEAT-001", "US-050", "has-story"), view.Edges);
        Assert.Equal(view.Edges.Count, view.Edges.Distinct().Count());
    }

    [Fact]
    public void A_missing_target_gets_no_node_or_edge_and_is_listed_as_dangling()
    {
        // §14 example 11.
        var view = Repo
            .With(ExampleRepository.Service, "id: svc-git\nname: Git service\ntype: backend\ndependencies: [\"svc-user-api@^2.0.0\"]\n")
            .Graph().View;
        Assert.DoesNotContain(view.Nodes, n => n.Id == "svc-user-api");
        Assert.DoesNotContain(view.Edges, e => e.To == "svc-user-api" || e.From == "svc-user-api");
        Assert.Equal([new DanglingReference("svc-git", "dependencies", "svc-user-api", "depends-on")], view.DanglingReferences);
        Assert.Equal(1, view.Stats.TotalDangling);
    }

    [Fact]
    public void Edges_follow_the_nodes_and_their_field_order_keeping_the_first_of_a_duplicate()
    {
        var view = Repo
            .With(ExampleRepository.Task, "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  spec: SPEC-001\n  service: svc-git\n  userstory: US-001\n")
            .Graph().View;
        Assert.Equal(
        [
            new GraphEdge("FEAT-001", "US-001", "has-story"),
            new GraphEdge("FEAT-001", "T-001", "has-task"),
            // US-001's `feature` and T-001's `related.feature` repeat the two edges above and are dropped.
            new GraphEdge("SPEC-001", "T-001", "implements"),
            new GraphEdge("T-001", "svc-git", "modifies"),
            new GraphEdge("T-001", "US-001", "relates-to"),
        ], view.Edges);
    }

    [Fact]
    public void A_target_of_the_wrong_type_makes_no_edge_and_is_not_dangling()
    {
        var view = Repo.With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\nconsumers: [FEAT-001]\n").Graph().View;
        Assert.DoesNotContain(view.Edges, e => e.Rel == "uses");
        Assert.Empty(view.DanglingReferences);
    }

    [Fact]
    public void The_same_dangling_reference_twice_is_listed_once()
    {
        var view = Repo.With(ExampleRepository.Feature, "id: FEAT-001\ntitle: x\nstatus: done\nrequires: [svc-x, svc-x]\n").Graph().View;
        Assert.Equal([new DanglingReference("FEAT-001", "requires", "svc-x", "requires")], view.DanglingReferences);
    }

    [Fact]
    public void The_constitution_is_a_governance_node_first()
    {
        var view = Repo.With("contexts/governance/constitution.yaml", "id: ACME-CONST\nname: Acme\n").Graph().View;
        Assert.Equal(new { Id = "ACME-CONST", Kind = "governance", Path = "contexts/governance/constitution.yaml" },
            new { view.Nodes[0].Id, view.Nodes[0].Kind, view.Nodes[0].Path });
        Assert.Equal(1, view.Stats.NodesByType["governance"]);
    }

    [Fact]
    public void Stats_count_nodes_by_type_and_edges_by_rel_leaving_out_zeros()
    {
        var stats = Repo.Graph().View.Stats;
        Assert.Equal((6, 2, 0), (stats.TotalNodes, stats.TotalEdges, stats.TotalDangling));
        Assert.Equal(["feature", "userstory", "spec", "task", "service", "package"], stats.NodesByType.Keys);
        Assert.All(stats.NodesByType.Values, v => Assert.Equal(1, v));
        Assert.Equal(new Dictionary<string, int> { ["has-story"] = 1, ["has-task"] = 1 }, stats.EdgesByRel);
    }

    [Fact]
    public void The_view_serialises_with_the_names_of_the_spec()
    {
        var json = JsonSerializer.SerializeToNode(
            Repo.With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\ndependencies: [svc-404]\n").Graph().View, Web)!;
        Assert.Equal(["nodes", "edges", "danglingReferences", "stats"], json.AsObject().Select(p => p.Key));
        Assert.Equal(["id", "kind", "data", "path"], json["nodes"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["from", "to", "rel"], json["edges"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["from", "field", "reference", "rel"], json["danglingReferences"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["totalNodes", "totalEdges", "totalDangling", "nodesByType", "edgesByRel"], json["stats"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""{"id":"svc-git","name":"g","type":"backend","dependencies":["svc-404"]}""", json["nodes"]![4]!["data"]!.ToJsonString());
    }

    [Fact]
    public void Neighbours_list_each_edge_with_the_other_entity_and_the_rel()
    {
        var graph = Repo.With(ExampleRepository.Task, "id: T-001\ntitle: Implement sync\nstatus: todo\nrelated:\n  feature: FEAT-001\n  service: svc-git\n").Graph();
        Assert.Equal(
        [
            new RelatedEntity("FEAT-001", "feature", "Context sync", "in-progress", "has-task"),
            new RelatedEntity("svc-git", "service", "Git service", null, "modifies"),
        ], graph.Neighbours("T-001"));
        Assert.Empty(graph.Neighbours("svc-404"));
    }

    [Fact]
    public void A_neighbourhood_holds_the_entities_within_depth_and_the_edges_among_them()
    {
        var graph = Repo.With(ExampleRepository.Task, "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  service: svc-git\n  package: pkg-404\n").Graph();

        var one = graph.Neighbourhood("T-001", 1)!;
        Assert.Equal(["FEAT-001", "T-001", "svc-git"], one.Nodes.Select(n => n.Id));
        Assert.Equal([new GraphEdge("FEAT-001", "T-001", "has-task"), new GraphEdge("T-001", "svc-git", "modifies")], one.Edges);
        Assert.Equal("pkg-404", Assert.Single(one.DanglingReferences).Reference);
        Assert.Equal(3, one.Stats.TotalNodes);

        Assert.Equal(["FEAT-001", "US-001", "T-001", "svc-git"], graph.Neighbourhood("T-001", 2)!.Nodes.Select(n => n.Id));
        Assert.Equal(["T-001"], graph.Neighbourhood("T-001", 0)!.Nodes.Select(n => n.Id));
        Assert.Null(graph.Neighbourhood("T-404", 1));
    }

    [Fact]
    public void Adjacent_ids_ignore_direction_repeats_and_self_loops()
    {
        var graph = Repo
            .With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\ndependencies: [svc-git, svc-b]\nconsumers: [svc-b]\n")
            .With("contexts/services/svc-b.yaml", "id: svc-b\nname: b\ntype: backend\n")
            .Graph();
        Assert.Equal(["svc-b"], graph.AdjacentIds("svc-git"));
        Assert.Equal(3, graph.EdgesOf("svc-git").Count);
        Assert.Equal(["depends-on", "uses"], graph.Neighbours("svc-git").Select(n => n.Rel));
    }

    [Fact]
    public void Node_data_is_the_entity_json()
    {
        var node = Repo.Graph().View.Nodes.Single(n => n.Id == "svc-git");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"svc-git","name":"Git service","type":"backend","api":{"version":"1.0.0"}}"""), node.Data));
    }
}
