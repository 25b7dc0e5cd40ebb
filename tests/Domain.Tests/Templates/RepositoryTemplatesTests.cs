using System.Text;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;
using ContextKit.Domain.Validation;

namespace ContextKit.Domain.Tests.Templates;

public class RepositoryTemplatesTests
{
    static InMemorySnapshot Snapshot(RepositoryTemplate template) =>
        new(RepositoryTemplates.Files(template).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content)));

    [Fact]
    public void The_empty_template_has_the_desktop_layout_schemas_rules_and_templates_but_no_entities()
    {
        var paths = RepositoryTemplates.Files(RepositoryTemplate.Empty).Select(f => f.Path).ToHashSet();

        foreach (var schema in new[] { "feature", "userstory", "spec", "task", "service", "package", "constitution", "c4" })
            Assert.Contains($".context/schemas/{schema}.schema.json", paths);
        Assert.Contains(".context/rules/consistency.rules.yaml", paths);
        Assert.Contains(".context/templates/prompts/task.hbs", paths);
        Assert.Contains(".context/templates/sdd/feature-spec-template.md", paths);
        Assert.Contains("contexts/features/.gitkeep", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("contexts/", StringComparison.Ordinal) && p.EndsWith(".yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_template_ignores_the_derived_folders()
    {
        var gitignore = Snapshot(RepositoryTemplate.Empty).ReadText(RepoPath.Parse(".gitignore"))!;
        Assert.Contains("generated/", gitignore);
        Assert.Contains("c4/out/", gitignore);
    }

    [Fact]
    public void The_starter_template_holds_every_entity_type_a_constitution_and_a_c4_diagram()
    {
        var report = RepositoryValidator.ValidateSnapshot(Snapshot(RepositoryTemplate.Starter));
        var paths = RepositoryTemplates.Files(RepositoryTemplate.Starter).Select(f => f.Path).ToList();

        foreach (var type in new[] { "feature", "userstory", "spec", "task", "service", "package" })
            Assert.True(report.Stats.ByType.GetValueOrDefault(type) > 0, $"the starter has no {type}");
        Assert.Contains("contexts/governance/constitution.yaml", paths);
        Assert.Contains(paths, p => p.StartsWith("c4/", StringComparison.Ordinal) && p.EndsWith(".md", StringComparison.Ordinal));
        Assert.True(report.Ok, string.Join("\n", report.Errors));
        // A folder the starter fills no longer carries its placeholder.
        Assert.DoesNotContain("contexts/features/.gitkeep", paths);
    }

    [Fact]
    public void Every_yaml_file_of_every_template_parses()
    {
        foreach (var file in RepositoryTemplates.Files(RepositoryTemplate.Starter).Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var result = ContextKit.Domain.Yaml.YamlDocumentParser.Parse(Encoding.UTF8.GetString(file.Content));
            Assert.True(result.Ok, $"{file.Path}: {result.Error}");
        }
    }

    [Theory]
    [InlineData(null, RepositoryTemplate.Starter)]
    [InlineData("starter", RepositoryTemplate.Starter)]
    [InlineData("EMPTY", RepositoryTemplate.Empty)]
    public void Template_names_parse(string? name, RepositoryTemplate expected)
    {
        Assert.True(RepositoryTemplates.TryParse(name, out var template));
        Assert.Equal(expected, template);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("7")]
    public void Unknown_template_names_are_refused(string name) => Assert.False(RepositoryTemplates.TryParse(name, out _));
}
