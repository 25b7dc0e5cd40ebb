using ContextKit.Domain.C4;
using static ContextKit.Domain.Tests.C4.C4TestRepository;

namespace ContextKit.Domain.Tests.C4;

public class FlowchartC4SyntaxTests
{
    const string Header = "%% c4: system=Billing, level=C2";

    static C4Report Report(string body) => AnalyseBlock($"{Header}\nflowchart LR\n{body}").Report;

    static C4Projection Project(string body) => Assert.Single(Report(body).Projections);

    [Fact]
    public void Shapes_and_quotes_are_stripped_and_the_label_splits_into_name_kind_and_tech()
    {
        var projection = Project("""
              user((Customer))
              api[Billing API::container::.NET 8]
              db[(Invoices::database::Postgres)]
              q>Events::topic::Kafka]
              web(["Web::app"])
              sub[[Ledger::component]]
              core{{Core::system}}
              store[/Files::store/]
              cache{"Cache::db::Redis"}
              x@{ shape: rect, label: "Ext::person" }
              styled[Styled::service]:::hot
            """);

        Assert.Equal(
            [
                new C4Node("user", "Customer", "external"),
                new C4Node("api", "Billing API", "container", ".NET 8"),
                new C4Node("db", "Invoices", "datastore", "Postgres"),
                new C4Node("q", "Events", "queue", "Kafka"),
                new C4Node("web", "Web", "container"),
                new C4Node("sub", "Ledger", "component"),
                new C4Node("core", "Core", "system"),
                new C4Node("store", "Files", "datastore"),
                new C4Node("cache", "Cache", "datastore", "Redis"),
                new C4Node("x", "Ext", "external"),
                new C4Node("styled", "Styled", "container"),
            ],
            projection.Nodes);
    }

    [Fact]
    public void An_unknown_kind_word_becomes_a_container_keeping_the_word_with_a_warning()
    {
        var report = Report("  gw{Gateway::gateway::Envoy}");

        Assert.Equal(new C4Node("gw", "Gateway", "container", "Envoy", KindRaw: "gateway"), Assert.Single(report.Projections[0].Nodes));
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(("gw", 6), (warning.Element, warning.Line));
        Assert.Contains("gateway", warning.Message);
    }

    [Fact]
    public void Subgraphs_are_boundaries_with_their_parent()
    {
        var projection = Project("""
              subgraph billing["Billing Platform"]
                api[API::container]
                subgraph data [Data]
                  db[(DB::datastore)]
                end
              end
              subgraph Outside World
                user((User))
              end
            """);

        Assert.Equal(
            [
                new C4Boundary("billing", "Billing Platform", "subgraph"),
                new C4Boundary("data", "Data", "subgraph", "billing"),
                new C4Boundary("Outside World", "Outside World", "subgraph"),
            ],
            projection.Boundaries);
        Assert.Equal(["billing", "data", "Outside World"], projection.Nodes.Select(n => n.Boundary));
    }

    [Fact]
    public void Edges_of_every_kind_with_labels_and_chains_become_relationships()
    {
        var projection = Project("""
              a[A::container]
              b[B::container]
              c[C::container]
              a --> b --> c
              a -.-> c
              a ==> c
              a <--> b
              a -->|"REST GET /v1/items"| b
              a -- publishes invoice.created.v1 --> c
              c -. subscribes to invoice.created.v1 .-> a
              b == /health ==> c
              a --- c
              a & b --> c
            """);

        Assert.Equal(
            [
                new C4Relationship("a", "b", "depends on"),
                new C4Relationship("b", "c", "depends on"),
                new C4Relationship("a", "c", "depends on"),
                new C4Relationship("a", "c", "depends on"),
                new C4Relationship("a", "b", "depends on", Bidirectional: true),
                new C4Relationship("a", "b", "REST GET /v1/items", RestPath: "/v1/items"),
                new C4Relationship("a", "c", "publishes invoice.created.v1", Emit: ["invoice.created.v1"]),
                new C4Relationship("c", "a", "subscribes to invoice.created.v1", Consume: ["invoice.created.v1"]),
                new C4Relationship("b", "c", "/health", RestPath: "/health"),
                new C4Relationship("a", "c", "depends on"),
                new C4Relationship("a", "c", "depends on"),
                new C4Relationship("b", "c", "depends on"),
            ],
            projection.Relationships,
            RelationshipComparer.Instance);
    }

    [Fact]
    public void Nodes_declared_inside_an_edge_count_and_bare_unknown_ids_are_dropped()
    {
        var report = Report("""
              api[API::container] -->|SQL| db[(DB::datastore)]
              api --> ghost
              lonely
            """);

        var projection = report.Projections[0];
        Assert.Equal(["api", "db", "lonely"], projection.Nodes.Select(n => n.Id));
        Assert.Equal("external", projection.Nodes[2].Kind);
        Assert.Equal([new C4Relationship("api", "db", "SQL")], projection.Relationships, RelationshipComparer.Instance);
        Assert.Equal("ghost", Assert.Single(report.Warnings).Element);
    }

    [Fact]
    public void A_mermaid_block_without_a_header_or_c4_keyword_is_not_a_c4_block()
    {
        var files = With("c4/mixed.md", Fenced("flowchart LR\n  a --> b") + Fenced("C4Context\nPerson(p, \"P\")") + "```js\nconst x = 1;\n```\n");

        var report = Analyse(files).Report;

        Assert.Equal((1, 1), (report.Stats.TotalDiagrams, report.Stats.TotalBlocks));
        Assert.Equal(0, Assert.Single(report.Projections).Block);
    }

    /// <summary>Records holding lists compare lists by reference; this compares them by content.</summary>
    sealed class RelationshipComparer : IEqualityComparer<C4Relationship>
    {
        public static readonly RelationshipComparer Instance = new();

        public bool Equals(C4Relationship? x, C4Relationship? y) =>
            x is not null && y is not null
            && x with { Emit = null, Consume = null } == y with { Emit = null, Consume = null }
            && (x.Emit ?? []).SequenceEqual(y.Emit ?? []) && (x.Consume ?? []).SequenceEqual(y.Consume ?? []);

        public int GetHashCode(C4Relationship r) => HashCode.Combine(r.Source, r.Target, r.Description);
    }
}
