using System.Text.Json.Nodes;
using ContextKit.Domain.Builder;
using ContextKit.Domain.Editing;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Tests.Builder;

public class BuilderTemplatesTests
{
    static BuilderTemplateSet Load(Dictionary<string, string> files) => BuilderTemplates.Load(new InMemorySnapshot(files));

    static JsonObject Values(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void A_repository_without_a_builder_folder_gets_the_shipped_templates()
    {
        var set = Load(new() { ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\n" });

        Assert.True(set.BuiltIn);
        Assert.Empty(set.Warnings);
        Assert.Equal(
            ["feature-api-integration", "feature-crud", "spec-api", "spec-ui-component", "task-bugfix", "task-implementation", "userstory-basic"],
            set.Templates.Select(t => t.Id));
        var crud = set.Find("feature-crud")!;
        Assert.Equal("CRUD feature", crud.Name);
        Assert.Equal(EntityType.Feature, crud.EntityType);
        Assert.Equal("database", crud.Icon);
        Assert.Equal(".context/templates/builder/feature-crud.yaml", crud.Path.Value);
        Assert.False(crud.Prototype.ContainsKey("_template"));
    }

    [Fact]
    public void Repository_templates_replace_the_shipped_ones_and_broken_files_are_skipped_with_a_warning()
    {
        var set = Load(new()
        {
            [".context/templates/builder/bug.yaml"] = "_template:\n  name: Bug\n  description: A bug\n  entityType: task\n  icon: bug\nid: \"{{id}}\"\ntitle: \"{{title}}\"\nstatus: todo\n",
            [".context/templates/builder/broken.yaml"] = "_template: [unclosed\n",
            [".context/templates/builder/plain.yaml"] = "id: \"{{id}}\"\n",
            [".context/templates/builder/odd-type.yaml"] = "_template:\n  name: Odd\n  entityType: epic\nid: x\n",
            [".context/templates/builder/nested/deep.yaml"] = "_template:\n  name: Deep\n  entityType: task\n",
            [".context/templates/builder/README.md"] = "# not a template\n",
        });

        Assert.False(set.BuiltIn);
        var bug = Assert.Single(set.Templates);
        Assert.Equal(("bug", "Bug", "A bug", EntityType.Task, "bug"), (bug.Id, bug.Name, bug.Description, bug.EntityType, bug.Icon));
        Assert.Equal(
            [".context/templates/builder/broken.yaml", ".context/templates/builder/odd-type.yaml", ".context/templates/builder/plain.yaml"],
            set.Warnings.Select(w => w.File));
        Assert.StartsWith("Failed to parse YAML: ", set.Warnings[0].Message);
        Assert.Contains("entityType", set.Warnings[1].Message);
        Assert.Contains("no _template block", set.Warnings[2].Message);
    }

    [Fact]
    public void Applying_fills_placeholders_inside_strings_and_drops_the_template_block()
    {
        var template = Load([]).Find("task-bugfix")!;

        var built = template.Apply(Values("""{"id":"T-007","title":"Login fails with \"quotes\" and \\back\\slashes","feature":"FEAT-002"}"""));

        Assert.Empty(built.UnresolvedPlaceholders);
        Assert.Equal("T-007", built.Data["id"]!.GetValue<string>());
        Assert.Equal("Login fails with \"quotes\" and \\back\\slashes", built.Data["title"]!.GetValue<string>());
        Assert.Equal("FEAT-002", built.Data["related"]!["feature"]!.GetValue<string>());
        Assert.Equal("Describe what goes wrong, where, and how often: Login fails with \"quotes\" and \\back\\slashes", built.Data["summary"]!.GetValue<string>());
        Assert.False(built.Data.ContainsKey("_template"));
        Assert.False(built.Data.ContainsKey("feature"));
    }

    [Fact]
    public void Placeholders_nobody_filled_stay_literal_and_are_listed_once()
    {
        var template = Load([]).Find("userstory-basic")!;

        var built = template.Apply(Values("""{"id":"US-009","title":"Reserve","feature":"FEAT-002","role":"member"}"""));

        Assert.Equal(["goal", "benefit"], built.UnresolvedPlaceholders);
        Assert.Equal("{{goal}}", built.Data["iWant"]!.GetValue<string>());
        Assert.Equal("A member can {{goal}} from start to finish without help", built.Data["acceptanceCriteria"]![0]!.GetValue<string>());
    }

    [Fact]
    public void What_the_user_entered_wins_over_the_prototype()
    {
        var template = Load([]).Find("spec-api")!;

        var built = template.Apply(Values("""
            {"id":"SPEC-004","title":"Loans API","feature":"FEAT-002","status":"approved",
             "related":{"services":["svc-lending-api"]},"content":"Written by hand: {{not-a-placeholder}}","notAField":"x"}
            """));

        Assert.Equal("approved", built.Data["status"]!.GetValue<string>());
        Assert.Equal("FEAT-002", built.Data["related"]!["features"]![0]!.GetValue<string>());
        Assert.Equal("svc-lending-api", built.Data["related"]!["services"]![0]!.GetValue<string>());
        Assert.Equal("Written by hand: {{not-a-placeholder}}", built.Data["content"]!.GetValue<string>());
        Assert.Empty(built.UnresolvedPlaceholders);
        Assert.False(built.Data.ContainsKey("notAField"));
    }

    [Fact]
    public void Numbers_and_booleans_fill_placeholders_as_text()
    {
        var template = new BuilderTemplate("t", ContextKit.Domain.Paths.RepoPath.Parse(".context/templates/builder/t.yaml"), "T", "", EntityType.Task, null,
            Values("""{"title":"{{points}} points, urgent: {{urgent}}","keep":"{{ spaced }}"}"""));

        var built = template.Apply(Values("""{"points":3,"urgent":true,"spaced":"ok"}"""));

        Assert.Equal("3 points, urgent: true", built.Data["title"]!.GetValue<string>());
        Assert.Equal("ok", built.Data["keep"]!.GetValue<string>());
    }

    [Fact]
    public void Every_shipped_template_builds_an_entity_that_can_be_written_and_read_back()
    {
        foreach (var template in Load([]).Templates)
        {
            var built = template.Apply(Values("""{"id":"X-001","title":"A title: with 'quotes'","domain":"lending","feature":"FEAT-001","role":"member","goal":"borrow","benefit":"save money"}"""));
            Assert.Empty(built.UnresolvedPlaceholders);
            var text = YamlWriter.Write(built.Data);
            var back = YamlToJson.Convert(YamlDocumentParser.Parse(text).Root!).Data;
            Assert.True(DataEquality.Equal(built.Data, back), template.Id);
        }
    }
}
