using System.Text;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;
using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>The optional constitution (context-repo-format §5 step 5) and the output summary.</summary>
public class ConstitutionValidationTests
{
    const string TaskRule = """
        - id: task-owner
          description: Every task has an owner
          targets: [task]
          conditions:
            - path: owner
              operator: matches
              value: "^@"
          severity: critical
        """;

    [Fact]
    public void A_valid_constitution_gives_its_summary()
    {
        var report = Validate(Base().With(ConstitutionPath, Constitution(TaskRule)));

        Assert.True(report.Ok, string.Join("\n", report.Errors));
        Assert.Equal(new ConstitutionSummary("ACME-CONST", "1.2.0", new string('a', 64), 1, 0), report.Constitution);
        Assert.EndsWith($$$"""
            "constitution":{"id":"ACME-CONST","version":"1.2.0","checksum":"{{{new string('a', 64)}}}","evaluatedRules":1,"waivedFailures":0}}
            """, ToJson(report));
    }

    [Fact]
    public void A_failing_repository_still_reports_its_stats_and_constitution()
    {
        var report = Validate(Base()
            .With("contexts/tasks/T-001.yaml", "id: T-001\ntitle: t\nstatus: todo\nowner: nobody\n")
            .With(ConstitutionPath, Constitution(TaskRule)));

        Assert.False(report.Ok);
        Assert.Null(report.Message);
        Assert.Single(report.ComplianceErrors);
        Assert.Equal("Every task has an owner", report.ComplianceErrors[0].Message);
        Assert.Equal("critical", report.ComplianceErrors[0].Severity);
        Assert.Equal(6, report.Stats.TotalEntities);
        Assert.Equal(1, report.Constitution!.EvaluatedRules);
    }

    [Fact]
    public void A_constitution_yml_is_used_when_there_is_no_yaml()
    {
        var report = Validate(Base().With("contexts/governance/constitution.yml", Constitution(TaskRule)));
        Assert.Equal("ACME-CONST", report.Constitution?.Id);
    }

    [Fact]
    public void A_constitution_that_does_not_parse_is_a_constitution_error_and_no_compliance_runs()
    {
        var report = Validate(Base().With(ConstitutionPath, "- not a mapping\n"));

        var error = Assert.Single(report.ConstitutionErrors);
        Assert.Equal("""{"file":"contexts/governance/constitution.yaml","error":"Failed to parse YAML: root must be a mapping"}""", ToJson(error));
        Assert.Contains("[Constitution] contexts/governance/constitution.yaml: Failed to parse YAML: root must be a mapping", report.Errors);
        Assert.Null(report.Constitution);
        Assert.False(report.Ok);
    }

    [Fact]
    public void A_constitution_that_fails_its_schema_lists_the_errors_and_no_compliance_runs()
    {
        var text = Constitution(TaskRule).Replace("name: Acme constitution\n", "").Replace("status: ratified", "status: draft\npurpose: x");
        var report = Validate(Base().With("contexts/tasks/T-001.yaml", "id: T-001\ntitle: t\nstatus: todo\nowner: nobody\n").With(ConstitutionPath, text));

        var error = Assert.Single(report.ConstitutionErrors);
        Assert.Null(error.Error);
        Assert.Equal(["must have required property 'name'", "must NOT have additional properties"], error.Errors!.Select(e => e.Message));
        Assert.Contains("[Constitution] contexts/governance/constitution.yaml: must have required property 'name'; must NOT have additional properties", report.Errors);
        Assert.Empty(report.ComplianceErrors);
        Assert.Null(report.Constitution);
        Assert.Equal(1, report.TotalErrors);
    }

    [Fact]
    public void An_unloadable_repository_constitution_schema_falls_back_to_the_built_in_one()
    {
        var report = Validate(Base().With(".context/schemas/constitution.schema.json", "nope").With(ConstitutionPath, Constitution(TaskRule)));

        Assert.Equal(".context/schemas/constitution.schema.json", Assert.Single(report.SchemaErrors).File);
        Assert.NotNull(report.Constitution);
    }

    [Fact]
    public void The_starter_template_validates_with_a_constitution_summary()
    {
        var files = RepositoryTemplates.Files(RepositoryTemplate.Starter).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content));
        var report = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(files));

        Assert.True(report.Ok, string.Join("\n", report.Errors));
        Assert.Empty(report.Warnings);
        Assert.Equal("TOOLSHED-CONSTITUTION", report.Constitution!.Id);
        Assert.Equal("1.1.0", report.Constitution.Version);
        Assert.Equal(2, report.Constitution.EvaluatedRules);
        Assert.True(report.Constitution.WaivedFailures >= 0);
        foreach (var type in new[] { "feature", "userstory", "spec", "task", "service", "package" })
            Assert.True(report.Stats.ByType.GetValueOrDefault(type) > 0, type);
    }

    [Fact]
    public void The_stateless_entry_point_runs_the_whole_validation()
    {
        var report = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(Base().With("contexts/tasks/T-001.yaml",
            "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-999\n")));
        Assert.Single(report.CrossReferenceErrors);
    }
}
