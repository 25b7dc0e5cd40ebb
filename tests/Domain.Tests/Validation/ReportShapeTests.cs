using System.Text.Json;
using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>The §5.3 output: keys, order, totals and the errors lines.</summary>
public class ReportShapeTests
{
    [Fact]
    public void Every_key_is_present_in_the_specified_order()
    {
        using var ok = JsonDocument.Parse(ToJson(Validate(Base())));
        Assert.Equal(["ok", "message", "schemaErrors", "crossReferenceErrors", "duplicateIds", "constitutionErrors", "complianceErrors",
            "warnings", "errors", "totalErrors", "stats", "constitution"], ok.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"totalEntities":6,"byType":{"feature":1,"userstory":1,"spec":1,"task":1,"service":1,"package":1}}""",
            ok.RootElement.GetProperty("stats").GetRawText());

        // "message" is there only when ok; stats and constitution are there on failure too.
        using var failed = JsonDocument.Parse(ToJson(Validate(Base().With("contexts/specs/x.yaml", ""))));
        Assert.Equal(["ok", "schemaErrors", "crossReferenceErrors", "duplicateIds", "constitutionErrors", "complianceErrors",
            "warnings", "errors", "totalErrors", "stats", "constitution"], failed.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_violation_fields_are_named_as_specified()
    {
        var report = Validate(Base().With("contexts/features/FEAT-1.yaml", "id: FEAT-1\ntitle: x\nstatus: proposed\n"));
        Assert.Equal("""
            {"file":"contexts/features/FEAT-1.yaml","entity":"FEAT-1","errors":[{"instancePath":"/id","schemaPath":"#/properties/id/pattern","keyword":"pattern","params":{"pattern":"^FEAT-[0-9]{3,}$"},"message":"must match pattern \"^FEAT-[0-9]{3,}$\"","line":1,"column":5}]}
            """, ToJson(report.SchemaErrors[0]));
    }

    [Fact]
    public void The_total_is_the_sum_of_the_five_arrays_and_the_errors_lines_are_grouped_in_order()
    {
        var report = Validate(Base()
            .With("contexts/tasks/T-009.yaml", "id: T-009\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-404\n")
            .With("contexts/tasks/T-001-copy.yaml", "id: T-001\ntitle: t\nstatus: todo\n")
            .With("contexts/features/FEAT-1.yaml", "id: FEAT-1\ntitle: x\nstatus: proposed\n")
            .With(ConstitutionPath, Constitution("""
                - id: no-todo
                  description: No task may be todo
                  targets: [task]
                  conditions: [{ path: status, operator: notEquals, value: todo }]
                  severity: low
                """)));

        Assert.Equal(report.SchemaErrors.Count + report.CrossReferenceErrors.Count + report.DuplicateIds.Count
                     + report.ConstitutionErrors.Count + report.ComplianceErrors.Count, report.TotalErrors);
        Assert.Equal(report.TotalErrors, report.Errors.Count);
        Assert.Equal(["Schema", "Duplicate", "Reference", "Compliance", "Compliance"],
            report.Errors.Select(e => e[1..e.IndexOf(']')]));
        // No message on the condition: the rule's description.
        Assert.Equal("[Compliance] Rule no-todo on T-001 (task) @ status: No task may be todo", report.Errors[3]);
    }

    [Fact]
    public void Nothing_in_the_output_is_an_absolute_path()
    {
        var report = Validate(Base()
            .With(".context/schemas/task.schema.json", """{"properties":{"a":{"$ref":"#/missing"}}}""")
            .With("contexts/specs/bad.yaml", "a: [")
            .With("contexts/tasks/T-001.yaml", "id: T-001\nstatus: x\n"));

        var json = ToJson(report);
        Assert.DoesNotContain("/work/", json);
        Assert.DoesNotContain("/tmp/", json);
        Assert.DoesNotContain(":\\\\", json);
        Assert.DoesNotContain("   at ", json);
        Assert.All(report.SchemaErrors, e => Assert.False(Path.IsPathRooted(e.File)));
    }
}
