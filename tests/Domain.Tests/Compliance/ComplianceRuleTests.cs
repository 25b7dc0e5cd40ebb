using ContextKit.Domain.Tests.Validation;
using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Compliance;

/// <summary>Compliance over a repository (context-repo-format §5.2): targets, order, exceptions, counting and warnings.</summary>
public class ComplianceRuleTests
{
    const string Layers = """
        - id: product
          name: Product
          paths: ["contexts/features/**", contexts/userstories]
        - id: delivery
          name: Delivery
          paths: [contexts/tasks]
        """;

    static ValidationReport Run(string rules, string? exceptions = null, Dictionary<string, string>? files = null, DateOnly? today = null) =>
        Validate((files ?? Base()).With(ConstitutionPath, Constitution(rules, exceptions, Layers)), today);

    static string Rule(string id, string targets, string path, string op, string? value = null, string severity = "low") => $"""
        - id: {id}
          description: Rule {id}
          targets: {targets}
          conditions:
            - path: {path}
              operator: {op}
        {(value is null ? "" : $"      value: {value}")}
          severity: {severity}
        """;

    static List<string> Failures(ValidationReport report) => report.ComplianceErrors.Select(e => $"{e.RuleId} {e.Entity}").ToList();

    [Fact]
    public void Rules_run_in_file_order_over_their_targets_in_type_then_path_order()
    {
        var report = Run(Rule("b-rule", "[task, feature]", "nothing", "exists") + "\n" + Rule("a-rule", "[package, userstory]", "nothing", "exists"));

        Assert.Equal(["b-rule FEAT-001", "b-rule T-001", "a-rule US-001", "a-rule pkg-context-sync"], Failures(report));
        Assert.Equal(2, report.Constitution!.EvaluatedRules);
    }

    [Fact]
    public void A_global_rule_covers_all_six_types()
    {
        var report = Run(Rule("everything", "[global]", "nothing", "exists"));
        Assert.Equal(["everything FEAT-001", "everything US-001", "everything SPEC-001", "everything T-001", "everything svc-git", "everything pkg-context-sync"],
            Failures(report));
    }

    [Fact]
    public void A_layer_rule_covers_entities_in_any_declared_layer()
    {
        var report = Run(Rule("layered", "[layer]", "nothing", "exists"));
        Assert.Equal(["layered FEAT-001", "layered US-001", "layered T-001"], Failures(report));
    }

    [Fact]
    public void A_rule_matching_no_entity_is_not_counted()
    {
        var report = Run(Rule("tasks", "[task]", "id", "exists") + "\n" + Rule("nothing-here", "[spec]", "id", "exists"),
            files: Base().With("contexts/specs/SPEC-001.yaml", "id: SPEC-001\n"));

        // SPEC-001 fails its schema, so the spec rule has nothing to run over.
        Assert.Equal(1, report.Constitution!.EvaluatedRules);
    }

    [Fact]
    public void Only_schema_valid_entities_are_checked()
    {
        var report = Run(Rule("titled", "[task]", "owner", "exists"),
            files: Base().With("contexts/tasks/T-002.yaml", "id: T-002\nstatus: todo\n"));
        Assert.Empty(report.ComplianceErrors);
    }

    [Fact]
    public void Each_failing_condition_is_one_failure()
    {
        var report = Run("""
            - id: two
              description: Two conditions
              targets: [task]
              conditions:
                - { path: owner, operator: equals, value: "@b", message: first }
                - { path: steps, operator: exists }
              severity: critical
            """);

        Assert.Equal(
            ["two T-001 owner critical first", "two T-001 steps critical Two conditions"],
            report.ComplianceErrors.Select(e => $"{e.RuleId} {e.Entity} {e.Path} {e.Severity} {e.Message}"));
    }

    [Fact]
    public void Without_severity_description_or_message_the_defaults_apply()
    {
        var files = Base()
            .With(".context/schemas/constitution.schema.json", """{"type":"object"}""")
            .With(ConstitutionPath, "id: LAX\nversion: '1.0.0'\ncompliance:\n  rules:\n    - id: bare\n      targets: [task]\n      conditions: [{ path: steps, operator: exists }]\n");
        var failure = Assert.Single(Validate(files).ComplianceErrors);

        Assert.Equal("medium", failure.Severity);
        Assert.Equal("Entity T-001 failed rule bare", failure.Message);
    }

    [Fact]
    public void An_exception_can_scope_by_layer()
    {
        var report = Run(Rule("steps", "[task, feature]", "steps", "exists"),
            """
            - id: EX-DELIVERY
              ruleId: steps
              scope:
                layers: [delivery]
              justification: tasks are planned later
            """);

        Assert.Equal(["steps FEAT-001"], Failures(report));
        Assert.Equal(1, report.Constitution!.WaivedFailures);
    }

    [Fact]
    public void An_exception_only_waives_its_own_rule()
    {
        var report = Run(Rule("one", "[userstory]", "x", "exists") + "\n" + Rule("two", "[userstory]", "x", "exists"),
            """
            - id: EX-1
              ruleId: one
              scope:
                entities: [US-001]
              justification: j
            """);

        Assert.Equal(["two US-001"], Failures(report));
        Assert.Equal(1, report.Constitution!.WaivedFailures);
    }

    [Fact]
    public void Unknown_rules_and_empty_scopes_are_exception_warnings()
    {
        var report = Run(Rule("one", "[userstory]", "x", "exists"),
            """
            - id: EX-1
              ruleId: nope
              scope:
                entities: [US-001]
              justification: j
            - id: EX-2
              ruleId: one
              scope: {}
              justification: j
            """);

        Assert.Equal(
        [
            "Exception EX-1 refers to unknown rule nope",
            "Exception EX-2 for rule one has an empty scope",
        ], report.Warnings.Where(w => w.Kind == "exception").Select(w => w.Message));
        Assert.All(report.Warnings, w => Assert.Equal(ConstitutionPath, w.File));
        Assert.Equal(["one US-001"], Failures(report));
    }

    [Fact]
    public void An_invalid_pattern_fails_the_condition_and_warns_once()
    {
        var report = Run(Rule("pattern", "[task, feature]", "id", "matches", "\"([A-Z\""));

        Assert.Equal(["pattern FEAT-001", "pattern T-001"], Failures(report));
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("regex", warning.Kind);
        Assert.Equal("Invalid regular expression \"([A-Z\" in rule pattern (id)", warning.Message);
    }

    [Fact]
    public void A_pattern_that_times_out_fails_and_warns_for_that_entity()
    {
        var report = Run(Rule("slow", "[task]", "title", "matches", "\"^(a+)+$\""),
            files: Base().With("contexts/tasks/T-001.yaml", $"id: T-001\ntitle: {new string('a', 40)}!\nstatus: todo\n"));

        Assert.Equal(["slow T-001"], Failures(report));
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("regex", warning.Kind);
        Assert.Equal("T-001", warning.Entity);
        Assert.Equal("Regular expression \"^(a+)+$\" of rule slow timed out on T-001", warning.Message);
    }
}
