using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Validation;
using ContextKit.Web.Components.Pages.Entity;
using ContextKit.Web.Components.Pages.Repository.C4;
using ContextKit.Web.Components.Pages.Repository.Validation;
using Xunit;

namespace ContextKit.Web.Tests;

/// <summary>The pure parts of the context views: the schema form's fields, the form's data, findings mapped to fields and lines.</summary>
public sealed class ContextModelTests
{
    [Fact]
    public void A_task_schema_makes_a_form_with_a_status_choice_relation_pickers_in_a_section_and_lists_as_chips()
    {
        var schema = (JsonObject)JsonNode.Parse("""
            {"type":"object","required":["id","title","status"],"properties":{
              "id":{"type":"string"},"title":{"type":"string"},
              "status":{"type":"string","enum":["todo","doing","done"]},
              "related":{"type":"object","properties":{"feature":{"type":"string"},"userstory":{}}},
              "steps":{"type":"array","items":{"type":"string"}},
              "risks":{"type":"array","items":{"type":"object"}}}}
            """)!;

        var fields = FormField.From(schema, EntityType.Task);

        Assert.Equal(["title", "status", "related", "steps", "risks"], fields.Select(f => f.Path));
        var status = fields.Single(f => f.Path == "status");
        Assert.Equal((FieldKind.Choice, true), (status.Kind, status.Required));
        Assert.Equal(["todo", "doing", "done"], status.Choices);
        var related = fields.Single(f => f.Path == "related");
        Assert.Equal(FieldKind.Section, related.Kind);
        Assert.Equal([("related.feature", FieldKind.Relation, "feature"), ("related.userstory", FieldKind.Relation, "userstory")],
            related.Children.Select(c => (c.Path, c.Kind, c.RelationTypes.Single())));
        Assert.Equal(FieldKind.TextList, fields.Single(f => f.Path == "steps").Kind);
        Assert.Equal(FieldKind.Json, fields.Single(f => f.Path == "risks").Kind);
    }

    [Fact]
    public void The_form_data_sets_nested_fields_removes_blank_ones_and_keeps_fields_it_does_not_show()
    {
        var data = EntityData.Parse("""{"id":"T-001","title":"Index","custom":{"keep":[1,2]}}""");

        data.SetText("related.feature", "FEAT-001");
        data.SetText("title", "");
        data.SetItems("steps", ["one", "two"]);

        Assert.Equal("""{"id":"T-001","custom":{"keep":[1,2]},"related":{"feature":"FEAT-001"},"steps":["one","two"]}""", data.Data.ToJsonString());
        Assert.Equal("FEAT-001", data.Text("related.feature"));
        Assert.False(data.TrySetJson("custom", "{not json"));
    }

    [Fact]
    public void Findings_map_to_the_form_fields_they_are_about()
    {
        var report = ValidationReport.Create(
            [new SchemaError("contexts/tasks/T-001.yaml", Entity: "T-001", Errors:
            [
                new SchemaViolation("/related/feature", "#/properties/related/properties/feature/pattern", "pattern", new Dictionary<string, object?>(), "must match pattern", 5, 12),
                new SchemaViolation("", "#/required", "required", new Dictionary<string, object?> { ["missingProperty"] = "status" }, "must have required property 'status'", 1, 1),
                new SchemaViolation("/steps/1", "#/properties/steps/items/type", "type", new Dictionary<string, object?>(), "must be string", 8, 5),
            ])],
            [], [new CrossReferenceError("FEAT-001", "userStories", "US-009", "Referenced user story does not exist")], [], [], [],
            new ValidationStats(2, new Dictionary<string, int>()), null);

        var entries = ValidationEntry.From(report, new Dictionary<string, string> { ["FEAT-001"] = "contexts/features/FEAT-001.yaml", ["T-001"] = "contexts/tasks/T-001.yaml" });

        Assert.Equal(["related.feature", "status", "steps", "userStories"], entries.Select(e => e.Field));
        Assert.Equal([5, 1, 8, null], entries.Select(e => e.Line));
        Assert.Equal("contexts/features/FEAT-001.yaml", entries[3].File);
        Assert.Equal(new Dictionary<string, int> { ["T-001"] = 3, ["FEAT-001"] = 1 }, ValidationEntry.ErrorCounts(entries));
    }

    [Theory]
    [InlineData("userStories", "US-009", 6)]
    [InlineData("related.feature", "FEAT-404", 9)]
    [InlineData("feature", null, 3)]
    [InlineData("missing", "nowhere", null)]
    public void A_reference_is_found_on_the_line_that_names_it_under_its_field(string field, string? value, int? line)
    {
        const string yaml = "# comment naming US-009\nid: FEAT-001\nfeature: x\nuserStories:\n  - US-001\n  - US-009\nrelated:\n  other: FEAT-404\n  feature: FEAT-404\n";

        Assert.Equal(line, YamlLines.Find(yaml, field, value));
    }

    [Fact]
    public void The_mermaid_blocks_of_a_diagram_file_are_read_in_order()
    {
        const string markdown = "# C4\n\n```mermaid\nC4Context\n  Person(a, \"A\")\n```\ntext\n```js\nnot this\n```\n```mermaid\nflowchart LR\n  A --> B\n```\n";

        Assert.Equal(["C4Context\n  Person(a, \"A\")\n", "flowchart LR\n  A --> B\n"], C4Tab.MermaidBlocksOf(markdown).Select(b => b.Replace("\r\n", "\n")));
    }
}
