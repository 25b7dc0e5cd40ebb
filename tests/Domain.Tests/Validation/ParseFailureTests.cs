using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Validation;

namespace ContextKit.Domain.Tests.Validation;

public class ParseFailureTests
{
    [Fact]
    public void A_repository_whose_files_all_parse_is_ok_and_counts_its_entities()
    {
        var report = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(new Dictionary<string, string>
        {
            ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: A\nstatus: done\n",
            ["contexts/tasks/deep/T-001.yml"] = "id: T-001\ntitle: B\nstatus: todo\n",
            ["contexts/tasks/notes.md"] = "not yaml at all: [",
        }));

        Assert.True(report.Ok);
        Assert.Equal("All validations passed", report.Message);
        Assert.Equal(0, report.TotalErrors);
        Assert.Equal(2, report.Stats.TotalEntities);
        Assert.Equal(1, report.Stats.ByType["task"]);
    }

    [Fact]
    public void A_file_that_does_not_parse_is_a_schema_error_with_file_line_and_column()
    {
        var report = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(new Dictionary<string, string>
        {
            ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: [unclosed\nstatus: done\n",
            ["contexts/userstories/US-001.yaml"] = "",
        }));

        Assert.False(report.Ok);
        Assert.Null(report.Message);
        Assert.Equal(2, report.TotalErrors);
        var broken = Assert.Single(report.SchemaErrors, e => e.File == "contexts/features/FEAT-001.yaml");
        Assert.StartsWith("Failed to parse YAML: ", broken.Error);
        Assert.NotNull(broken.Line);
        Assert.Contains(report.SchemaErrors, e => e.Error == "Failed to parse YAML: document is empty");
        Assert.Contains("[Schema] contexts/userstories/US-001.yaml: Failed to parse YAML: document is empty", report.Errors);
    }

    [Fact]
    public void A_broken_constitution_is_a_constitution_error()
    {
        var report = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(new Dictionary<string, string>
        {
            ["contexts/governance/constitution.yaml"] = "- not a mapping\n",
        }));

        var error = Assert.Single(report.ConstitutionErrors);
        Assert.Equal("contexts/governance/constitution.yaml", error.File);
        Assert.Equal("Failed to parse YAML: root must be a mapping", error.Error);
        Assert.False(report.Ok);
    }

    [Fact]
    public void An_empty_governance_folder_means_no_constitution_and_no_error()
    {
        var report = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(new Dictionary<string, string>()));
        Assert.True(report.Ok);
        Assert.Null(report.Constitution);
        Assert.Empty(report.ConstitutionErrors);
    }
}
