using System.Text.Json;
using ContextKit.Domain.C4;
using static ContextKit.Domain.Tests.C4.C4TestRepository;

namespace ContextKit.Domain.Tests.C4;

/// <summary>The C4 acceptance examples of context-repo-format §14 and the starter repository's diagram.</summary>
public class C4ExampleTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    static string Json<T>(T value) => JsonSerializer.Serialize(value, Web);

    [Fact]
    public void A_header_spec_that_does_not_exist_is_an_error_but_the_projection_keeps_it()
    {
        var diagram = Fenced("""
            %% c4: system=Billing, level=C2, feature=FEAT-001, specs=[SPEC-001, SPEC-404]
            flowchart LR
              api[Billing API::container::.NET]
            """);

        var report = Analyse(With("c4/billing.md", diagram)).Report;

        var projection = Assert.Single(report.Projections);
        Assert.Equal(["SPEC-001", "SPEC-404"], projection.Specs);
        Assert.Equal("FEAT-001", projection.Feature);
        Assert.Equal("Billing", projection.System);
        var error = Assert.Single(report.Errors);
        Assert.Equal(
            """{"file":"c4/billing.md","block":0,"field":"specs","reference":"SPEC-404","error":"Referenced spec SPEC-404 does not exist"}""",
            Json(error));
        Assert.False(report.Ok);
    }

    [Fact]
    public void A_native_container_diagram_projects_nodes_and_relationships()
    {
        var report = AnalyseBlock("""
            C4Container
            Container(api, "Billing API", ".NET", "Handles invoices")
            ContainerDb(db, "Invoices", "Postgres")
            System_Ext(psp, "Stripe")
            Rel(api, db, "Reads/writes", "SQL")
            Rel(api, psp, "emit invoice.created.v1")
            """).Report;

        var projection = Assert.Single(report.Projections);
        Assert.Equal("C2", projection.Level);
        Assert.Equal(
            """{"id":"api","name":"Billing API","kind":"container","tech":".NET","description":"Handles invoices","element":"Container"}""",
            Json(projection.Nodes[0]));
        Assert.Equal("""{"id":"db","name":"Invoices","kind":"datastore","tech":"Postgres","element":"ContainerDb"}""", Json(projection.Nodes[1]));
        Assert.Equal("""{"id":"psp","name":"Stripe","kind":"external","element":"System_Ext"}""", Json(projection.Nodes[2]));
        Assert.Equal("""{"source":"api","target":"db","description":"Reads/writes","tech":"SQL"}""", Json(projection.Relationships[0]));
        Assert.Equal("""{"source":"api","target":"psp","description":"emit invoice.created.v1","emit":["invoice.created.v1"]}""", Json(projection.Relationships[1]));
        Assert.True(report.Ok);
        // The block has neither a header nor a title.
        Assert.Equal("Unknown", projection.System);
        Assert.Contains("Unknown", Assert.Single(report.Warnings).Message);
    }

    [Fact]
    public void The_starter_diagram_parses_without_errors_or_warnings()
    {
        var analysis = Analyse(Starter());
        var report = analysis.Report;

        Assert.True(report.Ok, string.Join("\n", report.Errors.Select(e => e.Error)));
        Assert.Empty(report.Warnings);
        Assert.Equal(new C4Stats(1, 1, 8, 10, report.Stats.NodesByKind, 0), report.Stats);
        Assert.Equal(
            new Dictionary<string, int> { ["container"] = 3, ["datastore"] = 1, ["queue"] = 1, ["external"] = 3 },
            report.Stats.NodesByKind);
        var projection = Assert.Single(report.Projections);
        Assert.Equal(("Toolshed Lending Platform", "C2", "FEAT-001"), (projection.System, projection.Level, projection.Feature));
        Assert.Equal("c4/toolshed-lending-platform.md", projection.SourceDiagram);
        Assert.Equal([new C4Boundary("toolshed", "Toolshed Lending Platform", "System_Boundary")], projection.Boundaries);
        Assert.All(projection.Nodes.Where(n => n.Kind is "container" or "datastore" or "queue"), n => Assert.Equal("toolshed", n.Boundary));
        Assert.Equal("/v1/tools/{toolId}", projection.Relationships.Single(r => r.Source == "lending_api" && r.Target == "catalogue_api").RestPath);
        Assert.Equal(["loan.returned.v1"], projection.Relationships.Single(r => r.Source == "lending_api" && r.Target == "loan_events").Emit);
        Assert.Equal(["loan.returned.v1"], projection.Relationships.Single(r => r.Source == "catalogue_api" && r.Target == "loan_events").Consume);
        Assert.Equal(["c4/out/toolshed-lending-platform.0.json"], analysis.FilesToWrite.Select(f => f.Path));
    }

    [Fact]
    public void The_report_serialises_with_the_spec_field_names()
    {
        using var doc = JsonDocument.Parse(Json(Analyse(Starter()).Report));
        var root = doc.RootElement;

        Assert.Equal(["ok", "stats", "projections", "errors", "warnings"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["totalDiagrams", "totalBlocks", "totalNodes", "totalRelationships", "nodesByKind", "validationErrors"],
            root.GetProperty("stats").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["system", "level", "feature", "specs", "sourceDiagram", "block", "nodes", "relationships", "boundaries"],
            root.GetProperty("projections")[0].EnumerateObject().Select(p => p.Name));
    }
}
