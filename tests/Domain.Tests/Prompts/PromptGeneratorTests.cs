using ContextKit.Domain.Graph;
using System.Text;
using System.Text.Json;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Prompts;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;

namespace ContextKit.Domain.Tests.Prompts;

public class PromptGeneratorTests
{
    static readonly DateTimeOffset At = new(2026, 3, 7, 9, 30, 0, TimeSpan.FromHours(1));

    static readonly Dictionary<string, string> BaseRepo = new()
    {
        ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: Sync\nstatus: proposed\nuserStories: [US-001]\ntasks: [T-001]\n",
        ["contexts/userstories/US-001.yaml"] = "id: US-001\nfeature: FEAT-001\nasA: dev\niWant: sync\nsoThat: share\n",
        ["contexts/specs/SPEC-001.yaml"] = "id: SPEC-001\ntitle: Sync protocol\n",
        ["contexts/tasks/T-001.yaml"] = "id: T-001\ntitle: Build sync\nstatus: todo\nrelated:\n  feature: FEAT-001\nowner: \"@a\"\nsteps: [Write the client, Write the server]\n",
        ["contexts/services/svc-git.yaml"] = "id: svc-git\nname: Git\ntype: backend\napi:\n  version: 1.0.0\n",
        ["contexts/packages/pkg-context-sync.yaml"] = "id: pkg-context-sync\nname: Context sync\nversion: 1.0.0\ntype: npm\n",
    };

    static PromptGeneration Generate(Dictionary<string, string> files, params string[] ids) =>
        Generate(files, _ => [], ids);

    static PromptGeneration Generate(Dictionary<string, string> files, Func<string, IReadOnlyList<RelatedEntity>> related, params string[] ids)
    {
        var snapshot = new InMemorySnapshot(files);
        return PromptGenerator.Generate(ContextIndex.Load(snapshot), snapshot, ids, related, At);
    }

    static Dictionary<string, string> With(string path, string text) => new(BaseRepo) { [path] = text };

    static Dictionary<string, string> Starter() =>
        RepositoryTemplates.Files(RepositoryTemplate.Starter).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content));

    [Fact]
    public void A_task_title_with_markup_is_written_verbatim_into_the_prompt()
    {
        var result = Generate(With("contexts/tasks/T-030.yaml", "id: T-030\ntitle: \"Fix <b> & 'q'\"\nstatus: todo\n"), "T-030");

        var prompt = Assert.Single(result.Report.Generated);
        Assert.Equal("generated/prompts/T-030.md", prompt.OutputFile);
        Assert.Equal("generated/prompts/T-030.checklist.md", prompt.ChecklistFile);
        Assert.Equal("task", prompt.Type);
        Assert.Equal("# Task Execution Brief: Fix <b> & 'q' (T-030)", prompt.Content.Split('\n')[0]);
        Assert.True(result.Report.Ok);
    }

    [Fact]
    public void A_service_gets_a_prompt()
    {
        var result = Generate(BaseRepo, "svc-git");

        Assert.Equal(new PromptStats(1, 1, 0), result.Report.Stats);
        Assert.StartsWith("# Service Context: Git (svc-git)", result.Report.Generated[0].Content);
    }

    [Fact]
    public void Each_prompt_comes_with_its_checklist_file()
    {
        var result = Generate(BaseRepo, "T-001", "FEAT-001");

        Assert.Equal(
            ["generated/prompts/T-001.md", "generated/prompts/T-001.checklist.md", "generated/prompts/FEAT-001.md", "generated/prompts/FEAT-001.checklist.md"],
            result.Files.Select(f => f.Path));
        Assert.Equal(result.Report.Generated[0].Content, result.Files[0].Content);
        var checklist = result.Files[1].Content;
        Assert.StartsWith("# Review Checklist: Build sync (T-001)", checklist);
        Assert.Contains("**Entity Type**: task", checklist);
        Assert.Contains("**Prompt**: `generated/prompts/T-001.md`", checklist);
        Assert.Contains("- [ ] T002 Write the server", checklist);
    }

    [Fact]
    public void The_context_carries_type_file_timestamp_and_related_entities()
    {
        var template = "{{_type}}|{{_file}}|{{timestamp}}|{{#each _related}}{{id}}:{{type}}:{{title}}:{{status}}:{{rel}};{{/each}}";
        var files = With(".context/templates/prompts/task.hbs", template);
        IReadOnlyList<RelatedEntity> Related(string id) => [new("FEAT-001", "feature", "Sync", "proposed", "has-task")];

        var result = Generate(files, Related, "T-001");

        Assert.Equal("task|contexts/tasks/T-001.yaml|2026-03-07T08:30:00.000Z|FEAT-001:feature:Sync:proposed:has-task;", result.Report.Generated[0].Content);
    }

    [Fact]
    public void Task_steps_render_as_numbered_checkboxes_and_the_footer_names_the_source()
    {
        var content = Generate(BaseRepo, "T-001").Report.Generated[0].Content;

        Assert.Contains("- [ ] T001 Write the client\n- [ ] T002 Write the server\n", content);
        Assert.Contains("**Generated**: 2026-03-07T08:30:00.000Z", content);
        Assert.EndsWith("**Context Source**: contexts/tasks/T-001.yaml\n", content);
    }

    [Fact]
    public void A_field_missing_from_a_list_item_renders_empty_as_in_handlebars_js()
    {
        var files = With(".context/templates/prompts/feature.hbs", "{{#each items}}[{{value}}|{{name}}]{{/each}}");
        files["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: Sync\nstatus: proposed\nitems:\n  - name: a\n  - name: b\n    value: 2\n";

        Assert.Equal("[|a][2|b]", Generate(files, "FEAT-001").Report.Generated[0].Content);
    }

    [Fact]
    public void A_repository_template_overrides_the_built_in_one()
    {
        var result = Generate(With(".context/templates/prompts/feature.hbs", "Custom {{title}} ({{id}})"), "FEAT-001", "T-001");

        Assert.Equal("Custom Sync (FEAT-001)", result.Report.Generated[0].Content);
        Assert.StartsWith("# Task Execution Brief: Build sync (T-001)", result.Report.Generated[1].Content);
    }

    [Fact]
    public void A_repository_checklist_template_overrides_the_built_in_one()
    {
        var result = Generate(With(".context/templates/prompts/checklist.hbs", "{{entityType}} {{entity.id}} {{outputFile}} {{timestamp}}"), "US-001");

        Assert.Equal("userstory US-001 generated/prompts/US-001.md 2026-03-07T08:30:00.000Z", result.Files[1].Content);
    }

    [Fact]
    public void A_template_syntax_error_fails_that_entity_only()
    {
        var result = Generate(With(".context/templates/prompts/feature.hbs", "{{#each userStories}}{{this}}"), "FEAT-001", "T-001");

        var error = Assert.Single(result.Report.Errors);
        Assert.Equal("FEAT-001", error.Id);
        Assert.StartsWith("Failed to generate prompt: ", error.Error);
        Assert.False(result.Report.Ok);
        Assert.Equal(new PromptStats(2, 1, 1), result.Report.Stats);
        Assert.Equal(["generated/prompts/T-001.md", "generated/prompts/T-001.checklist.md"], result.Files.Select(f => f.Path));
    }

    [Fact]
    public void An_unknown_helper_fails_the_entity_with_a_message()
    {
        var result = Generate(With(".context/templates/prompts/task.hbs", "{{shout title}}"), "T-001");

        Assert.Equal("Failed to generate prompt: Missing helper: \"shout\"", Assert.Single(result.Report.Errors).Error);
    }

    [Fact]
    public void An_unknown_id_is_reported_as_not_found()
    {
        var result = Generate(BaseRepo, "FEAT-404", "T-001");

        Assert.Equal([new PromptError("FEAT-404", "Entity not found")], result.Report.Errors);
        Assert.Equal(new PromptStats(2, 1, 1), result.Report.Stats);
        Assert.False(result.Report.Ok);
    }

    [Fact]
    public void An_id_that_is_no_file_name_is_refused()
    {
        var result = Generate(With("contexts/services/odd.yaml", "id: ../../etc\nname: Odd\ntype: backend\n"), "../../etc");

        Assert.Empty(result.Files);
        Assert.StartsWith("Failed to generate prompt: ", Assert.Single(result.Report.Errors).Error);
    }

    [Fact]
    public void A_repeated_id_is_generated_once()
    {
        var result = Generate(BaseRepo, "T-001", "T-001");

        Assert.Equal(new PromptStats(1, 1, 0), result.Report.Stats);
        Assert.Equal(2, result.Files.Count);
    }

    [Fact]
    public void The_constitution_is_addressed_by_its_id()
    {
        var result = Generate(Starter(), "TOOLSHED-CONSTITUTION");

        var prompt = Assert.Single(result.Report.Generated);
        Assert.Equal("governance", prompt.Type);
        Assert.StartsWith("# Governance Brief: Toolshed Lending Library Constitution (TOOLSHED-CONSTITUTION)", prompt.Content);
        Assert.EndsWith("**Context Source**: contexts/governance/constitution.yaml\n", prompt.Content);
        Assert.Contains("  - `owner` exists  — Assign an owner to the task\n", prompt.Content);
    }

    [Fact]
    public void Every_built_in_template_renders_every_starter_entity()
    {
        // Only entities and the constitution, no repository templates: the built-in ones are used.
        var files = Starter().Where(f => !f.Key.StartsWith(".context/templates/", StringComparison.Ordinal)).ToDictionary();
        var snapshot = new InMemorySnapshot(files);
        var index = ContextIndex.Load(snapshot);
        var ids = index.Entities.Select(e => e.Id).Append(index.Constitution!.Id!).ToList();
        IReadOnlyList<RelatedEntity> Related(string id) => [new("FEAT-001", "feature", "Tool catalogue and search", null, "has-task")];

        var result = PromptGenerator.Generate(index, snapshot, ids, Related, At);

        Assert.True(result.Report.Ok, string.Join("\n", result.Report.Errors));
        Assert.Equal(ids.Count, result.Report.Stats.Generated);
        foreach (var prompt in result.Report.Generated)
        {
            Assert.EndsWith($"**Context Source**: {PromptGenerator.Find(index, prompt.Id)!.Path.Value}\n", prompt.Content);
            Assert.Contains($"({prompt.Id})", prompt.Content.Split('\n')[0]);
            Assert.DoesNotContain("&lt;", prompt.Content);
            Assert.Contains("- feature **FEAT-001**: Tool catalogue and search — has-task", prompt.Content);
        }
        Assert.Equal(
            ["Feature Blueprint", "User Story Brief", "Specification Brief", "Task Execution Brief", "Service Context", "Package Context", "Governance Brief"],
            result.Report.Generated.Select(p => p.Content[2..p.Content.IndexOf(':')]).Distinct());
    }

    [Fact]
    public void The_feature_blueprint_prefers_linked_lists()
    {
        var files = Starter();
        var snapshot = new InMemorySnapshot(files);

        var content = PromptGenerator.Generate(ContextIndex.Load(snapshot), snapshot, ["FEAT-001"], _ => [], At).Report.Generated[0].Content;

        Assert.StartsWith("# Feature Blueprint: Tool catalogue and search (FEAT-001)\n", content);
        Assert.Contains("- **US-001**: Find a tool near me _(done)_", content);
        Assert.Contains("1. Keep search results usable on a 360 px wide screen.", content);
    }

    [Theory]
    [InlineData(0, "T001")]
    [InlineData(8, "T009")]
    [InlineData(999, "T1000")]
    public void PadTaskId_numbers_from_one_with_three_digits(int index, string expected) =>
        Assert.Equal(expected, PromptHelpers.PadTaskId(index));

    [Fact]
    public void HasItems_is_true_for_non_empty_lists_and_maps_and_truthy_values()
    {
        Assert.False(PromptHelpers.HasItems(null));
        Assert.False(PromptHelpers.HasItems(new List<object?>()));
        Assert.False(PromptHelpers.HasItems(new Dictionary<string, object?>()));
        Assert.False(PromptHelpers.HasItems(""));
        Assert.False(PromptHelpers.HasItems(0L));
        Assert.False(PromptHelpers.HasItems(false));
        Assert.True(PromptHelpers.HasItems(new List<object?> { "a" }));
        Assert.True(PromptHelpers.HasItems(new Dictionary<string, object?> { ["a"] = 1 }));
        Assert.True(PromptHelpers.HasItems("x"));
        Assert.True(PromptHelpers.HasItems(3L));
        Assert.Equal(5L, PromptHelpers.Increment(4L));
    }

    [Fact]
    public void The_report_serialises_with_the_spec_field_names()
    {
        var json = JsonSerializer.Serialize(Generate(BaseRepo, "T-001", "nope").Report, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(["ok", "generated", "errors", "stats"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id", "type", "outputFile", "checklistFile", "content"], root.GetProperty("generated")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id", "error"], root.GetProperty("errors")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["requested", "generated", "failed"], root.GetProperty("stats").EnumerateObject().Select(p => p.Name));
    }
}
