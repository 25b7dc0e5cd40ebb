using System.Text;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Templates;
using ContextKit.Domain.Tests.Graph;
using static ContextKit.Domain.Tests.Impact.ImpactTestRun;

namespace ContextKit.Domain.Tests.Impact;

public class ImpactRulesTests
{
    static ExampleRepository Repo => ExampleRepository.Base;

    static readonly string[] SixRules =
    [
        "US-acceptance-change-flags-tasks", "feature-change-impacts-all", "service-version-bump-needs-consumer-review",
        "spec-change-impacts-implementations", "task-status-blocked-flags-feature", "package-dependency-change-impacts-consumers",
    ];

    [Fact]
    public void Without_a_rules_file_the_six_built_in_rules_apply()
    {
        var rules = ImpactRules.Parse(null);
        Assert.Same(ImpactRules.BuiltIn, rules);
        Assert.Equal(SixRules, rules.Rules.Select(r => r.Id));
        Assert.Empty(rules.Warnings);
    }

    [Fact]
    public void The_shipped_rules_file_declares_the_built_in_rules()
    {
        var file = RepositoryTemplates.Files(RepositoryTemplate.Empty).Single(f => f.Path == ImpactRules.FilePath.Value);
        var shipped = ImpactRules.Parse(Encoding.UTF8.GetString(file.Content));

        Assert.Empty(shipped.Warnings);
        Assert.Equal(SixRules, shipped.Rules.Select(r => r.Id));
        foreach (var (mine, theirs) in ImpactRules.BuiltIn.Rules.Zip(shipped.Rules))
        {
            Assert.Equal(mine.When.Entity, theirs.When.Entity);
            Assert.Equal(mine.When.FieldChanged.Select(p => p.Text), theirs.When.FieldChanged.Select(p => p.Text));
            Assert.Equal((mine.When.HasNewValue, mine.When.NewValue?.ToJsonString()), (theirs.When.HasNewValue, theirs.When.NewValue?.ToJsonString()));
            Assert.Equal(mine.Then.Types, theirs.Then.Types);
            Assert.Equal((mine.Then.Rel, mine.Then.Status, mine.Severity), (theirs.Then.Rel, theirs.Then.Status, theirs.Severity));
            // The shipped texts are the built-in ones; the feature rule leaves its text to the engine.
            Assert.Equal(ImpactRules.BuiltInSuggestedAction(mine.Id, []) is var text && mine.Id != ImpactRules.FeatureChange ? text : null,
                theirs.Then.SuggestedAction);
        }
    }

    [Fact]
    public void A_rules_file_that_does_not_parse_applies_no_rules_and_warns()
    {
        var rules = ImpactRules.Parse("rules: [\n");
        Assert.Empty(rules.Rules);
        Assert.StartsWith("Rules file .context/rules/consistency.rules.yaml could not be parsed", Assert.Single(rules.Warnings), StringComparison.Ordinal);

        var report = Analyse(Repo.With(ExampleRepository.Task, "id: T-001\ntitle: t\nstatus: blocked\nrelated:\n  feature: FEAT-001\n"), ["T-001"], rules: rules);
        Assert.Empty(report.RuleIssues());
        Assert.Equal(rules.Warnings, report.Warnings);
    }

    [Fact]
    public void A_rules_file_without_a_rules_list_does_not_parse()
    {
        var rules = ImpactRules.Parse("version: 1\n");
        Assert.Empty(rules.Rules);
        Assert.Contains("no 'rules' list", Assert.Single(rules.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_an_id_is_skipped_with_a_warning()
    {
        var rules = ImpactRules.Parse("rules:\n  - description: nameless\n  - id: ok\n");
        Assert.Equal(["ok"], rules.Rules.Select(r => r.Id));
        Assert.Equal(["Rule 1 in .context/rules/consistency.rules.yaml was skipped: it needs an 'id'"], rules.Warnings);
    }

    [Fact]
    public void A_rules_file_is_read_from_the_working_copy()
    {
        var snapshot = new Snapshots.InMemorySnapshot(new Dictionary<string, string> { [".context/rules/consistency.rules.yaml"] = "rules: []\n" });
        Assert.Empty(ImpactRules.Load(snapshot).Rules);
        Assert.Same(ImpactRules.BuiltIn, ImpactRules.Load(new Snapshots.InMemorySnapshot(new Dictionary<string, string>())));
    }

    [Fact]
    public void A_custom_rule_sets_the_issue_status_reason_action_and_severity()
    {
        var rules = ImpactRules.Parse("""
            rules:
              - id: owner-change
                description: The owner of a task changed
                when:
                  entity: task
                  fieldChanged: owner
                then:
                  markRelated:
                    status: stale
                    reason: Someone else owns it now
                  suggestedAction: Tell the feature lead
            """);
        var issue = Assert.Single(Analyse(Repo.With(ExampleRepository.Task, "id: T-001\ntitle: Implement sync\nstatus: todo\nrelated:\n  feature: FEAT-001\nowner: \"@b\"\n"), ["T-001"], rules: rules).RuleIssues());
        Assert.Equal(("FEAT-001", "stale", "Someone else owns it now", "Tell the feature lead", "warning"),
            (issue.Id, issue.Type, issue.Reason, issue.SuggestedAction, issue.Severity));
    }

    [Fact]
    public void A_rule_without_an_entity_or_fields_applies_to_any_change_and_has_no_action_unless_given()
    {
        var rules = ImpactRules.Parse("rules:\n  - id: anything\n");
        var issues = Analyse(Repo.With(ExampleRepository.Service, "id: svc-git\nname: Git\ntype: backend\napi:\n  version: 1.0.0\n"), ["svc-git"], rules: rules).RuleIssues();
        Assert.Empty(issues); // svc-git has no neighbours in the base repo.

        var issue = Assert.Single(Analyse(Repo.With(ExampleRepository.Task, "id: T-001\ntitle: Other\nstatus: todo\nrelated:\n  feature: FEAT-001\nowner: \"@a\"\n"), ["T-001"], rules: rules).RuleIssues());
        Assert.Equal(("needs-review", "", null, "task T-001: title: \"Implement sync\" → \"Other\""), (issue.Type, issue.SuggestedAction, issue.Reason, issue.Message));
    }

    [Theory]
    [InlineData("added", "steps: [one]\n", true)]
    [InlineData("removed", "steps: [one]\n", false)]
    [InlineData("modified", "steps: [one]\n", false)]
    [InlineData("sometimes", "steps: [one]\n", true)]
    public void A_change_type_condition_needs_a_change_of_that_kind(string changeType, string edit, bool flags)
    {
        var rules = ImpactRules.Parse($"rules:\n  - id: steps\n    when:\n      entity: task\n      fieldChanged: steps\n      changeType: {changeType}\n");
        var now = Repo.With(ExampleRepository.Task, "id: T-001\ntitle: Implement sync\nstatus: todo\nrelated:\n  feature: FEAT-001\nowner: \"@a\"\n" + edit);
        Assert.Equal(flags, Analyse(now, ["T-001"], rules: rules).RuleIssues().Any());
    }

    [Fact]
    public void A_new_value_compares_with_equals_so_numbers_match_whatever_their_spelling()
    {
        var rules = ImpactRules.Parse("rules:\n  - id: big\n    when:\n      fieldChanged: [estimate, points]\n      newValue: 8\n");
        var now = Repo.With(ExampleRepository.Task, "id: T-001\ntitle: Implement sync\nstatus: todo\nrelated:\n  feature: FEAT-001\nowner: \"@a\"\npoints: 8.0\n");
        Assert.Single(Analyse(now, ["T-001"], rules: rules).RuleIssues());
        var text = Repo.With(ExampleRepository.Task, "id: T-001\ntitle: Implement sync\nstatus: todo\nrelated:\n  feature: FEAT-001\nowner: \"@a\"\npoints: '8'\n");
        Assert.Empty(Analyse(text, ["T-001"], rules: rules).RuleIssues());
    }

    [Fact]
    public void A_field_path_matches_changes_anywhere_below_it_and_only_that_leaf_when_it_is_a_leaf()
    {
        var rules = ImpactRules.Parse("rules:\n  - id: api\n    when:\n      fieldChanged: api\n  - id: version\n    when:\n      fieldChanged: api.version\n");
        const string task = "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  service: svc-git\n";
        var atBase = Repo.With(ExampleRepository.Task, task);
        var now = atBase.With(ExampleRepository.Service, "id: svc-git\nname: Git service\ntype: backend\napi:\n  version: 1.0.0\n  spec: openapi.yaml\n");

        var issue = Assert.Single(Analyse(now, ["svc-git"], atBase: atBase, rules: rules).RuleIssues());
        Assert.Equal(("api", "service svc-git: api.spec: (not set) → \"openapi.yaml\""), (issue.RuleId, issue.Message));
    }
}
