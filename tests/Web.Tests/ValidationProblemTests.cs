using ContextKit.Domain.Validation;
using ContextKit.Web.Components.Pages.Repository;
using Xunit;

namespace ContextKit.Web.Tests;

public sealed class ValidationProblemTests
{
    [Fact]
    public void Parse_and_schema_errors_are_listed_with_their_file_and_line()
    {
        var report = Report(
            schemaErrors:
            [
                new SchemaError("contexts/features/FEAT-9.yaml", "Failed to parse YAML: bad indentation", Line: 3, Column: 1),
                new SchemaError("contexts/tasks/T-1.yaml", Entity: "T-1", Errors:
                [
                    new SchemaViolation("/status", "#/properties/status", "enum", new Dictionary<string, object?>(), "must be one of todo, doing, done", 4, 9),
                ]),
            ],
            summary: ["[Schema] contexts/features/FEAT-9.yaml: Failed to parse YAML: bad indentation", "[Schema] T-1"]);

        var problems = ValidationProblem.From(report).ToList();

        Assert.Equal(
        [
            new ValidationProblem("contexts/features/FEAT-9.yaml", 3, "Failed to parse YAML: bad indentation"),
            new ValidationProblem("contexts/tasks/T-1.yaml", 4, "T-1 at /status: must be one of todo, doing, done"),
        ], problems);
    }

    [Fact]
    public void Errors_of_kinds_without_details_still_show_through_the_summary_lines()
    {
        var problems = ValidationProblem.From(Report(summary: ["[Graph] something new went wrong"])).ToList();

        Assert.Equal([new ValidationProblem(null, null, "[Graph] something new went wrong")], problems);
    }

    static ValidationReport Report(IReadOnlyList<SchemaError>? schemaErrors = null, IReadOnlyList<string>? summary = null) => new(
        Ok: summary is null or { Count: 0 },
        Message: null,
        SchemaErrors: schemaErrors ?? [],
        CrossReferenceErrors: [],
        DuplicateIds: [],
        ConstitutionErrors: [],
        ComplianceErrors: [],
        Warnings: [],
        Errors: summary ?? [],
        TotalErrors: summary?.Count ?? 0,
        Stats: new ValidationStats(0, new Dictionary<string, int>()),
        Constitution: null);
}
