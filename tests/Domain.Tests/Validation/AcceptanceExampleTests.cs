using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>context-repo-format §14, examples 1–9, with their exact fields and strings.</summary>
public class AcceptanceExampleTests
{
    [Fact]
    public void The_base_repository_is_valid()
    {
        var report = Validate(Base());
        Assert.True(report.Ok, string.Join("\n", report.Errors));
        Assert.Equal("All validations passed", report.Message);
        Assert.Equal(6, report.Stats.TotalEntities);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Example_1_a_task_naming_a_missing_feature_is_a_reference_error()
    {
        var report = Validate(Base().With("contexts/tasks/T-001.yaml",
            "id: T-001\ntitle: Build sync\nstatus: todo\nowner: \"@a\"\nrelated:\n  feature: FEAT-999\n"));

        Assert.False(report.Ok);
        Assert.Contains(new CrossReferenceError("T-001", "related.feature", "FEAT-999", "Referenced feature does not exist"),
            report.CrossReferenceErrors.Select(e => e with { File = null, Line = null, Column = null }));
        // Additive to the spec's shape: where the reference is written.
        var located = Assert.Single(report.CrossReferenceErrors, e => e.Reference == "FEAT-999");
        Assert.NotNull(located.File);
        Assert.NotNull(located.Line);
        Assert.Contains("[Reference] T-001 -> FEAT-999 (related.feature): Referenced feature does not exist", report.Errors);
    }

    [Fact]
    public void Example_2_free_fields_give_reference_warnings_and_leave_the_repository_valid()
    {
        var report = Validate(Base()
            .With("contexts/features/FEAT-001.yaml", "id: FEAT-001\ntitle: Sync\nstatus: proposed\nuserStories: [US-001]\ntasks: [T-001]\nrequires: [svc-missing]\n")
            .With("contexts/services/svc-git.yaml", "id: svc-git\nname: Git service\ntype: backend\napi:\n  version: 1.0.0\nconsumers: [FEAT-001]\n"));

        Assert.Contains(new ValidationWarning("reference", "Referenced service or package does not exist", Entity: "FEAT-001", Field: "requires", Reference: "svc-missing"),
            report.Warnings.Select(w => w with { File = null, Line = null, Column = null }));
        Assert.Contains(report.Warnings, w => w.Kind == "reference" && w.Message == "Referenced entity is a feature, expected service or package"
                                              && w.Entity == "svc-git" && w.Field == "consumers" && w.Reference == "FEAT-001");
        Assert.Equal("""{"kind":"reference","message":"Referenced service or package does not exist","entity":"FEAT-001","file":"contexts/features/FEAT-001.yaml","field":"requires","reference":"svc-missing","line":6,"column":12}""",
            ToJson(report.Warnings[0]));
        Assert.True(report.Ok);
        Assert.Equal(0, report.TotalErrors);
    }

    [Fact]
    public void Example_3_two_files_with_one_id_are_a_duplicate_listing_the_canonical_file_first()
    {
        var report = Validate(Base()
            .With("contexts/features/b.yaml", "id: FEAT-002\ntitle: B\nstatus: proposed\n")
            .With("contexts/features/a.yaml", "id: FEAT-002\ntitle: A\nstatus: proposed\n"));

        var duplicate = Assert.Single(report.DuplicateIds);
        Assert.Equal("""{"id":"FEAT-002","type":"feature","files":["contexts/features/a.yaml","contexts/features/b.yaml"]}""", ToJson(duplicate));
        Assert.Contains("[Duplicate] FEAT-002: defined in contexts/features/a.yaml, contexts/features/b.yaml", report.Errors);
        Assert.False(report.Ok);
        Assert.Equal(1, report.TotalErrors);
    }

    [Fact]
    public void Example_4_an_id_off_its_pattern_is_a_schema_error_at_the_value()
    {
        var report = Validate(Base().With("contexts/features/FEAT-1.yaml", "id: FEAT-1\ntitle: x\nstatus: proposed\n"));

        var error = report.SchemaErrors[0];
        Assert.Equal("contexts/features/FEAT-1.yaml", error.File);
        Assert.Equal("FEAT-1", error.Entity);
        var violation = Assert.Single(error.Errors!);
        Assert.Equal("/id", violation.InstancePath);
        Assert.Equal("#/properties/id/pattern", violation.SchemaPath);
        Assert.Equal("pattern", violation.Keyword);
        Assert.Equal("must match pattern \"^FEAT-[0-9]{3,}$\"", violation.Message);
        Assert.Equal((1, 5), (violation.Line, violation.Column));
        Assert.Equal("""{"pattern":"^FEAT-[0-9]{3,}$"}""", ToJson(violation.Params));
        Assert.Contains("[Schema] contexts/features/FEAT-1.yaml (FEAT-1): must match pattern \"^FEAT-[0-9]{3,}$\"", report.Errors);
    }

    [Fact]
    public void Example_5_an_empty_governance_folder_is_no_constitution_and_no_error()
    {
        var report = Validate(Base().With("contexts/governance/.gitkeep", ""));

        Assert.True(report.Ok);
        Assert.Null(report.Constitution);
        Assert.Empty(report.ConstitutionErrors);
        Assert.Contains("\"constitution\":null", ToJson(report));
        Assert.Contains("\"constitutionErrors\":[]", ToJson(report));
    }

    static Dictionary<string, string> StoryRule(string expiresOn) => Base()
        .With("contexts/userstories/US-001.yaml", "id: US-001\nfeature: FEAT-001\nasA: user\niWant: to sync\nsoThat: I work offline\nacceptanceCriteria: []\n")
        .With(ConstitutionPath, Constitution(
            """
            - id: story-ac
              description: Stories need acceptance criteria
              targets: [userstory]
              conditions:
                - path: acceptanceCriteria.length
                  operator: greaterThan
                  value: 0
                  message: need AC
              severity: high
            """,
            $"""
            - id: EX-1
              ruleId: story-ac
              scope:
                entities: [US-001]
              expiresOn: "{expiresOn}"
              justification: spike
            """));

    [Fact]
    public void Example_6_a_live_exception_waives_the_failure_and_counts_it()
    {
        var report = Validate(StoryRule("2099-12-31"));

        Assert.True(report.Ok, string.Join("\n", report.Errors));
        Assert.Empty(report.ComplianceErrors);
        Assert.Equal(1, report.Constitution!.WaivedFailures);
        Assert.Equal(1, report.Constitution.EvaluatedRules);
        Assert.DoesNotContain(report.Warnings, w => w.Kind == "exception");
    }

    [Fact]
    public void Example_6_an_expired_exception_waives_nothing_and_warns()
    {
        var report = Validate(StoryRule("2020-01-01"));

        var failure = Assert.Single(report.ComplianceErrors);
        // The spec's fields, then where the checked value is written (additive).
        Assert.Equal("""{"ruleId":"story-ac","entity":"US-001","entityType":"userstory","path":"acceptanceCriteria.length","severity":"high","message":"need AC"}""",
            ToJson(failure with { File = null, Line = null, Column = null }));
        Assert.Equal("contexts/userstories/US-001.yaml", failure.File);
        Assert.NotNull(failure.Line);
        Assert.Contains(report.Warnings, w => w.Kind == "exception" && w.Message == "Exception EX-1 for rule story-ac expired on 2020-01-01");
        Assert.Equal(0, report.Constitution!.WaivedFailures);
        Assert.Contains("[Compliance] Rule story-ac on US-001 (userstory) @ acceptanceCriteria.length: need AC", report.Errors);
        Assert.False(report.Ok);
    }

    [Fact]
    public void Example_6_the_expiry_day_itself_still_waives()
    {
        Assert.Equal(1, Validate(StoryRule("2026-06-01"), today: new DateOnly(2026, 6, 1)).Constitution!.WaivedFailures);
        Assert.Equal(0, Validate(StoryRule("2026-06-01"), today: new DateOnly(2026, 6, 2)).Constitution!.WaivedFailures);
    }

    [Fact]
    public void Example_7_the_operators_pass_and_fail_as_the_table_says()
    {
        var report = Validate(Base()
            .With("contexts/tasks/T-002.yaml", "id: T-002\ntitle: \"Fix login\"\nstatus: done\nowner: \"  \"\n")
            .With(ConstitutionPath, Constitution(
                """
                - id: task-shape
                  description: Task shape
                  targets: [task]
                  severity: low
                  conditions:
                    - { path: owner, operator: exists, message: owner exists }
                    - { path: steps.length, operator: greaterThan, value: 3, message: steps greaterThan 3 }
                    - { path: title, operator: matches, value: "^Implement", message: title matches }
                    - { path: status, operator: equals, value: done, message: status equals }
                    - { path: title, operator: lessThan, value: 20, message: title lessThan }
                    - { path: title, operator: includes, value: login, message: title includes }
                    - { path: "steps[0]", operator: notEquals, value: x, message: steps notEquals }
                """)));

        var failed = report.ComplianceErrors.Where(e => e.Entity == "T-002").Select(e => e.Message).ToList();
        Assert.Equal(["owner exists", "steps greaterThan 3", "title matches"], failed);
    }

    [Fact]
    public void Example_8_a_global_rule_is_evaluated_over_every_entity()
    {
        var report = Validate(Base().With(ConstitutionPath, Constitution(
            """
            - id: has-id
              description: Everything has an id
              targets: [global]
              conditions:
                - path: id
                  operator: exists
              severity: low
            """)));

        Assert.Equal(1, report.Constitution!.EvaluatedRules);
        Assert.Empty(report.ComplianceErrors);
        Assert.True(report.Ok, string.Join("\n", report.Errors));
    }

    [Fact]
    public void Example_9_a_dependency_cycle_is_a_warning_through_the_smallest_id()
    {
        var report = Validate(Base()
            .With("contexts/services/svc-b.yaml", "id: svc-b\nname: B\ntype: backend\ndependencies: [svc-a]\n")
            .With("contexts/services/svc-a.yaml", "id: svc-a\nname: A\ntype: backend\ndependencies: [\"svc-b@^1.0.0\"]\n"));

        var cycle = Assert.Single(report.Warnings);
        Assert.Equal("""{"kind":"cycle","message":"Dependency cycle: svc-a -> svc-b -> svc-a","entity":"svc-a"}""", ToJson(cycle));
        Assert.True(report.Ok);
    }
}
