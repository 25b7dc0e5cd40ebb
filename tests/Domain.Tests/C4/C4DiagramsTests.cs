using ContextKit.Domain.C4;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Snapshots;
using CsCheck;
using static ContextKit.Domain.Tests.C4.C4TestRepository;

namespace ContextKit.Domain.Tests.C4;

public class C4DiagramsTests
{
    const string Billing = "C4Container\n%% c4: system=Billing\nContainer(api, \"API\", \"Go\")";

    [Fact]
    public void An_invalid_level_counts_as_a_validation_error_and_leaves_the_projection_out()
    {
        var files = With("c4/billing.md", Fenced("C4Container\n%% c4: system=Billing, level=C9\nContainer(api, \"API\")") + Fenced(Billing));

        var analysis = Analyse(files);
        var report = analysis.Report;

        Assert.Equal(1, report.Stats.ValidationErrors);
        Assert.Equal(2, report.Stats.TotalBlocks);
        Assert.Equal(1, Assert.Single(report.Projections).Block);
        var error = Assert.Single(report.Errors);
        Assert.Equal(("c4/billing.md", 0, "level", null), (error.File, error.Block, error.Field, error.Reference));
        Assert.StartsWith("Projection does not match the c4 schema at /level", error.Error);
        Assert.False(report.Ok);
        Assert.Equal(["c4/out/billing.1.json"], analysis.FilesToWrite.Select(f => f.Path));
    }

    [Theory]
    [InlineData("feature=FEAT-404", "feature", "FEAT-404", "Referenced feature FEAT-404 does not exist")]
    [InlineData("feature=SPEC-001", "feature", "SPEC-001", "Referenced feature SPEC-001 does not exist")]
    [InlineData("specs=[SPEC-001, FEAT-001]", "specs", "FEAT-001", "Referenced spec FEAT-001 does not exist")]
    [InlineData("stories=[US-001, US-404]", "stories", "US-404", "Referenced user story US-404 does not exist")]
    public void Header_references_must_name_entities_of_their_type(string pair, string field, string reference, string message)
    {
        var report = AnalyseBlock($"C4Context\n%% c4: system=S, {pair}\nPerson(p, \"P\")").Report;

        var error = report.Errors.Single(e => e.Reference is not null);
        Assert.Equal(("c4/diagram.md", 0, field, reference, message), (error.File, error.Block, error.Field, error.Reference, error.Error));
    }

    [Fact]
    public void A_container_named_like_a_service_that_matches_none_warns_with_candidates()
    {
        var report = AnalyseBlock("""
            C4Container
            %% c4: system=Billing
            Container(billing-svc, "Billing", "Go")
            Container(git, "Git Service", "Go")
            Container(payments, "Payment service")
            Container(web, "Web")
            ContainerDb(service_db, "Service DB")
            """).Report;

        var warning = Assert.Single(report.Warnings);
        Assert.Equal(("payments", 8), (warning.Element, warning.Line));
        Assert.Equal("Candidate service ids: svc-billing-api, svc-git", warning.Hint);

        var billing = AnalyseBlock("C4Container\n%% c4: system=B\nContainer(invoice-svc, \"Invoice billing\")").Report.Warnings.Single();
        Assert.Equal("Candidate service ids: svc-billing-api", billing.Hint);
    }

    [Fact]
    public void Projection_files_are_written_unless_unchanged_and_stale_ones_of_the_diagram_deleted()
    {
        var files = With("c4/billing.md", Fenced(Billing));
        files["c4/out/billing.3.json"] = "{}";
        files["c4/out/billing-old.0.json"] = "{}";
        files["c4/out/other.0.json"] = "{}";
        var first = Analyse(files);

        var written = Assert.Single(first.FilesToWrite);
        Assert.Equal("c4/out/billing.0.json", written.Path);
        Assert.Contains("\"sourceDiagram\": \"c4/billing.md\"", written.Content);
        Assert.Equal(["c4/out/billing.3.json"], first.FilesToDelete);

        files[written.Path] = written.Content;
        Assert.Empty(Analyse(files).FilesToWrite);
    }

    [Fact]
    public void Diagrams_are_found_at_any_depth_outside_the_output_folder()
    {
        var files = With("c4/payments/checkout.markdown", Fenced(Billing));
        files["c4/out/copy.md"] = Fenced(Billing);
        files["c4/notes.txt"] = Fenced(Billing);
        var snapshot = new InMemorySnapshot(files);

        Assert.Equal([new C4DiagramFile("payments/checkout", "c4/payments/checkout.markdown")], C4Diagrams.List(snapshot));
        var analysis = C4Diagrams.Analyse(snapshot, ContextIndex.Load(snapshot));
        Assert.Equal(["c4/out/payments/checkout.0.json"], analysis.FilesToWrite.Select(f => f.Path));
    }

    [Fact]
    public void One_diagram_is_analysed_by_its_name()
    {
        var files = With("c4/billing.md", Fenced(Billing));
        files["c4/sub/ledger.md"] = Fenced("C4Context\n%% c4: system=Ledger, specs=[SPEC-404]\nPerson(p, \"P\")");
        files["c4/out/sub/ledger.4.json"] = "{}";
        files["c4/out/billing.4.json"] = "{}";
        var snapshot = new InMemorySnapshot(files);
        var index = ContextIndex.Load(snapshot);

        var ledger = C4Diagrams.AnalyseDiagram(snapshot, index, "sub/ledger")!;

        Assert.Equal("Ledger", Assert.Single(ledger.Report.Projections).System);
        Assert.Equal("SPEC-404", Assert.Single(ledger.Report.Errors).Reference);
        Assert.Equal(1, ledger.Report.Stats.TotalDiagrams);
        Assert.Equal(["c4/out/sub/ledger.4.json"], ledger.FilesToDelete);
        Assert.Null(C4Diagrams.AnalyseDiagram(snapshot, index, "missing"));
    }

    [Fact]
    public void A_repository_schema_replaces_the_built_in_one()
    {
        var files = With("c4/billing.md", Fenced(Billing));
        files[".context/schemas/c4.schema.json"] = """{"type": "object", "required": ["owner"]}""";

        var report = Analyse(files).Report;

        Assert.Equal(1, report.Stats.ValidationErrors);
        Assert.Contains("required", Assert.Single(report.Errors).Error);
    }

    [Fact]
    public void A_repository_schema_that_does_not_compile_is_an_error_and_the_built_in_one_is_used()
    {
        var files = With("c4/billing.md", Fenced(Billing));
        files[".context/schemas/c4.schema.json"] = "{ not json";

        var report = Analyse(files).Report;

        var error = Assert.Single(report.Errors);
        Assert.Equal(".context/schemas/c4.schema.json", error.File);
        Assert.StartsWith("Schema could not be loaded: ", error.Error);
        Assert.Single(report.Projections);
    }

    [Theory]
    [InlineData("REST GET /v1/tools", "/v1/tools")]
    [InlineData("Calls POST /orders/{id}, JSON", "/orders/{id}")]
    [InlineData("/invoices", "/invoices")]
    [InlineData("HTTPS", null)]
    [InlineData("Gets /x", null)]
    public void The_rest_path_follows_REST_or_an_http_verb_or_starts_the_label(string label, string? path) =>
        Assert.Equal(path, RelationshipLabels.RestPath(label));

    [Fact]
    public void Any_text_in_a_diagram_is_read_without_failing_and_the_same_way_twice()
    {
        var tokens = Gen.OneOf(
            "C4Container", "flowchart LR", "%% c4: system=S", "Container(", "Rel(", "a", "b", "\"x, y\"", ",", ")", "{", "}",
            "[", "](", "((", "-->", "-.->", "<-->", "|l|", "-- t -->", "subgraph s", "end", "::", "container", "\n", " ", "$techn=", "&");
        tokens.Array[0, 40].Select(t => string.Concat(t)).Sample(body =>
        {
            var text = Fenced(body);
            var first = AnalyseBlockText(text);
            var second = AnalyseBlockText(text);
            Assert.Equal(first, second);
        }, iter: 300);
    }

    static string AnalyseBlockText(string markdown)
    {
        var analysis = Analyse(With("c4/fuzz.md", markdown));
        return System.Text.Json.JsonSerializer.Serialize(analysis.Report) + string.Join("|", analysis.FilesToWrite.Select(f => f.Content));
    }
}
