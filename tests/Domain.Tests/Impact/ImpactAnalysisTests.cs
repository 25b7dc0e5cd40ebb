using System.Text.Json;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Tests.Graph;
using static ContextKit.Domain.Tests.Impact.ImpactTestRun;

namespace ContextKit.Domain.Tests.Impact;

public class ImpactAnalysisTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    static ExampleRepository Repo => ExampleRepository.Base;

    const string TaskWithService = "id: T-001\ntitle: Implement sync\nstatus: todo\nrelated:\n  feature: FEAT-001\n  service: svc-git\nowner: \"@a\"\n";

    static string TaskWithStatus(string status) => $"id: T-001\ntitle: Implement sync\nstatus: {status}\nrelated:\n  feature: FEAT-001\nowner: \"@a\"\n";

    [Fact]
    public void A_task_becoming_blocked_flags_its_feature()
    {
        // §14 example 12.
        var report = Analyse(Repo.With(ExampleRepository.Task, TaskWithStatus("blocked")), ["T-001"]);

        var issue = Assert.Single(report.RuleIssues());
        Assert.Equal(
            ("FEAT-001", "needs-review", "task-status-blocked-flags-feature", "error", true, "task T-001: status: \"todo\" → \"blocked\""),
            (issue.Id, issue.Type, issue.RuleId, issue.Severity, issue.HasGitDiff, issue.Message));
        var change = Assert.Single(issue.Changes!);
        Assert.Equal(("status", "modified", "todo", "blocked", "string"),
            (change.Field, change.ChangeType, change.OldValue?.GetString(), change.NewValue?.GetString(), change.ValueType));
        Assert.Equal(["FEAT-001"], report.StaleIds);
        Assert.Equal("Address blocking issues or adjust feature timeline", issue.SuggestedAction);
        Assert.Equal("A task became blocked", issue.Reason);
        Assert.Equal(new SourceEntity("T-001", "task", "Implement sync"), issue.SourceEntity);
    }

    [Fact]
    public void A_task_moving_to_doing_flags_nothing_but_still_impacts_its_feature()
    {
        // §14 example 12, second half.
        var report = Analyse(Repo.With(ExampleRepository.Task, TaskWithStatus("doing")), ["T-001"]);
        Assert.Empty(report.RuleIssues());
        Assert.Empty(report.StaleIds);
        Assert.Contains("FEAT-001", report.ImpactedIds);
        Assert.False(report.ImpactedEntities.Single(e => e.Id == "FEAT-001").IsStale);
    }

    [Fact]
    public void A_service_version_bump_flags_the_packages_that_use_it()
    {
        // §14 example 13.
        const string package = "id: pkg-context-sync\nname: context-sync\nversion: 1.0.0\ntype: npm\nuses:\n  services: [svc-git]\n";
        var atBase = Repo.With(ExampleRepository.Package, package);
        var now = atBase.With(ExampleRepository.Service, "id: svc-git\nname: Git service\ntype: backend\napi:\n  version: 1.1.0\n");

        var issue = Assert.Single(Analyse(now, ["svc-git"], atBase: atBase).RuleIssues());
        Assert.Equal(("pkg-context-sync", "service-version-bump-needs-consumer-review", "error", "api.version"),
            (issue.Id, issue.RuleId, issue.Severity, issue.Changes![0].Field));
        Assert.Equal("service svc-git: api.version: \"1.0.0\" → \"1.1.0\"", issue.Message);
    }

    [Fact]
    public void Traversal_reaches_entities_within_the_depth_with_distance_and_path()
    {
        // §14 example 14.
        var repo = Repo.With(ExampleRepository.Task, TaskWithService);

        var two = Analyse(repo, ["T-001"], depth: 2, atBase: repo);
        Assert.Equal(new ImpactedEntity("FEAT-001", "feature", "Context sync", "in-progress", false, 1, ["T-001", "FEAT-001"]),
            two.ImpactedEntities.Single(e => e.Id == "FEAT-001"), ImpactedEntityComparer.Instance);
        Assert.Equal(1, two.ImpactedEntities.Single(e => e.Id == "svc-git").Distance);
        Assert.Equal(new ImpactedEntity("US-001", "userstory", null, null, false, 2, ["T-001", "FEAT-001", "US-001"]),
            two.ImpactedEntities.Single(e => e.Id == "US-001"), ImpactedEntityComparer.Instance);
        Assert.Equal(["FEAT-001", "svc-git", "US-001"], two.ImpactedIds);

        Assert.DoesNotContain("US-001", Analyse(repo, ["T-001"], depth: 1, atBase: repo).ImpactedIds);
        Assert.Throws<InvalidImpactRequestException>(() => Analyse(repo, ["T-001"], depth: 6, atBase: repo));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_depth_outside_one_to_five_is_a_request_error(int depth) =>
        Assert.Throws<InvalidImpactRequestException>(() => Analyse(Repo, ["T-001"], depth));

    [Fact]
    public void No_ids_or_a_blank_id_is_a_request_error()
    {
        Assert.Throws<InvalidImpactRequestException>(() => Analyse(Repo, []));
        Assert.Throws<InvalidImpactRequestException>(() => Analyse(Repo, ["T-001", " "]));
    }

    [Fact]
    public void A_changed_acceptance_criterion_flags_the_story_tasks_and_the_tasks_and_specs_of_its_feature()
    {
        // Rule 1: T-002 names the story in related.userstory; SPEC-001 and T-001 belong to its feature.
        var atBase = Repo
            .With(ExampleRepository.Feature, "id: FEAT-001\ntitle: Context sync\nstatus: in-progress\nuserStories: [US-001]\nspecs: [SPEC-001]\ntasks: [T-001]\n")
            .With("contexts/tasks/T-002.yaml", "id: T-002\ntitle: Test sync\nstatus: todo\nrelated:\n  userstory: US-001\n");
        var now = atBase.With(ExampleRepository.Story,
            "id: US-001\nfeature: FEAT-001\nasA: developer\niWant: sync\nsoThat: team\nacceptanceCriteria:\n  - Sync runs on every push\n  - Conflicts are shown\n");

        var report = Analyse(now, ["US-001"], atBase: atBase);

        var issues = report.RuleIssues().ToList();
        Assert.Equal(["T-002", "SPEC-001", "T-001"], issues.Select(i => i.Id));
        Assert.All(issues, i => Assert.Equal("US-acceptance-change-flags-tasks", i.RuleId));
        Assert.Equal("userstory US-001: acceptanceCriteria[1]: \"Conflicts are reported\" → \"Conflicts are shown\"", issues[0].Message);
        Assert.Equal("Update task implementation and test cases to match new acceptance criteria", issues[0].SuggestedAction);
        // The feature's tasks and specs join the impacted set at distance 2 even at depth 1.
        Assert.Equal(["FEAT-001", "T-002", "SPEC-001", "T-001"], report.ImpactedIds);
        var spec = report.ImpactedEntities.Single(e => e.Id == "SPEC-001");
        Assert.Equal((2, true), (spec.Distance, spec.IsStale));
        Assert.Equal(["US-001", "FEAT-001", "SPEC-001"], spec.Path);
        Assert.Equal(["T-002", "SPEC-001", "T-001"], report.StaleIds);
    }

    [Fact]
    public void A_story_change_outside_acceptance_criteria_flags_nothing()
    {
        var now = Repo.With(ExampleRepository.Story,
            "id: US-001\nfeature: FEAT-001\nasA: maintainer\niWant: my context to sync when I push\nsoThat: my team sees it\nacceptanceCriteria:\n  - Sync runs on every push\n  - Conflicts are reported\n");
        Assert.Empty(Analyse(now, ["US-001"]).RuleIssues());
    }

    [Theory]
    [InlineData("requires: [svc-git]\n", "Verify dependencies are satisfied and update task requirements")]
    [InlineData("prompts:\n  instructions: [Keep it small]\n", "Review implementation approach against updated feature prompts")]
    [InlineData("status: done\n", "Review and update implementation to align with feature changes")]
    public void A_feature_change_flags_each_related_entity_once_with_an_action_for_what_changed(string edit, string action)
    {
        var text = "id: FEAT-001\ntitle: Context sync\nuserStories: [US-001]\ntasks: [T-001]\n" + (edit.StartsWith("status", StringComparison.Ordinal) ? edit : "status: in-progress\n" + edit);
        var report = Analyse(Repo.With(ExampleRepository.Feature, text), ["FEAT-001"]);

        var issues = report.RuleIssues().ToList();
        var expected = edit.StartsWith("requires", StringComparison.Ordinal) ? new[] { "US-001", "T-001", "svc-git" } : ["US-001", "T-001"];
        Assert.Equal(expected, issues.Select(i => i.Id));
        Assert.All(issues, i => Assert.Equal((action, "feature-change-impacts-all", "warning"), (i.SuggestedAction, i.RuleId, i.Severity)));
    }

    [Fact]
    public void A_feature_change_to_an_unwatched_field_flags_nothing()
    {
        var now = Repo.With(ExampleRepository.Feature, "id: FEAT-001\ntitle: Context sync\nstatus: in-progress\nuserStories: [US-001]\ntasks: [T-001]\ndomain: sync\n");
        Assert.Empty(Analyse(now, ["FEAT-001"]).RuleIssues());
    }

    [Fact]
    public void A_service_contract_change_flags_consumers_declared_either_way_and_nothing_else()
    {
        var atBase = Repo
            .With(ExampleRepository.Package, "id: pkg-context-sync\nname: s\nversion: 1.0.0\ntype: npm\nuses:\n  services: [svc-git]\n")
            .With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\napi:\n  version: 1.0.0\n  spec: v1.yaml\nconsumers: [svc-web]\ndependencies: [svc-db]\n")
            .With("contexts/services/svc-web.yaml", "id: svc-web\nname: w\ntype: frontend\n")
            .With("contexts/services/svc-db.yaml", "id: svc-db\nname: d\ntype: infrastructure\n")
            .With(ExampleRepository.Task, TaskWithService);
        var now = atBase.With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\napi:\n  version: 1.0.0\n  spec: v2.yaml\nconsumers: [svc-web]\ndependencies: [svc-db]\n");

        var issues = Analyse(now, ["svc-git"], atBase: atBase).RuleIssues().ToList();
        Assert.Equal(["svc-web", "pkg-context-sync"], issues.Select(i => i.Id));
        Assert.All(issues, i => Assert.Equal("Review API contract changes and update client integration code", i.SuggestedAction));

        var renamed = atBase.With(ExampleRepository.Service, "id: svc-git\nname: renamed\ntype: backend\napi:\n  version: 1.0.0\n  spec: v1.yaml\nconsumers: [svc-web]\ndependencies: [svc-db]\n");
        Assert.Empty(Analyse(renamed, ["svc-git"], atBase: atBase).RuleIssues());
    }

    [Fact]
    public void A_spec_content_change_flags_the_tasks_implementing_it()
    {
        var atBase = Repo
            .With(ExampleRepository.Task, "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  spec: SPEC-001\n")
            .With(ExampleRepository.Feature, "id: FEAT-001\ntitle: Context sync\nstatus: in-progress\nspecs: [SPEC-001]\ntasks: [T-001]\n");
        var now = atBase.With(ExampleRepository.Spec, "id: SPEC-001\ntitle: Sync protocol\ntype: technical\ncontent: The client pushes a bundle.\n");

        var issue = Assert.Single(Analyse(now, ["SPEC-001"], atBase: atBase).RuleIssues());
        Assert.Equal(("T-001", "spec-change-impacts-implementations", "Review implementation against updated technical specifications"),
            (issue.Id, issue.RuleId, issue.SuggestedAction));

        var retitled = atBase.With(ExampleRepository.Spec, "id: SPEC-001\ntitle: Sync protocol v2\ntype: technical\ncontent: The client pushes a pack.\n");
        Assert.Empty(Analyse(retitled, ["SPEC-001"], atBase: atBase).RuleIssues());
    }

    [Fact]
    public void A_package_dependency_change_flags_each_related_service_or_package_once()
    {
        const string package = "id: pkg-context-sync\nname: s\nversion: 1.0.0\ntype: npm\nuses:\n  services: [svc-git]\ndependencies: [\"vue@^3.5.0\"]\n";
        var atBase = Repo
            .With(ExampleRepository.Package, package)
            .With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\nconsumers: [pkg-context-sync]\n")
            .With(ExampleRepository.Feature, "id: FEAT-001\ntitle: Context sync\nstatus: in-progress\nproduces: [pkg-context-sync]\n");
        var now = atBase.With(ExampleRepository.Package, package.Replace("3.5.0", "3.6.0", StringComparison.Ordinal));

        var issue = Assert.Single(Analyse(now, ["pkg-context-sync"], atBase: atBase).RuleIssues());
        Assert.Equal(("svc-git", "package-dependency-change-impacts-consumers", "info", "dependencies[0]"),
            (issue.Id, issue.RuleId, issue.Severity, issue.Changes![0].Field));
    }

    [Fact]
    public void An_entity_identical_to_base_is_analysed_as_what_if()
    {
        var report = Analyse(Repo, ["FEAT-001"]);

        var issues = report.RuleIssues().ToList();
        Assert.Equal(["US-001", "T-001"], issues.Select(i => i.Id));
        Assert.All(issues, i =>
        {
            Assert.Equal("feature FEAT-001 changed", i.Message);
            Assert.False(i.HasGitDiff);
            Assert.Null(i.Changes);
            Assert.Equal("Review and update implementation to align with feature changes", i.SuggestedAction);
        });
        var json = JsonSerializer.SerializeToNode(issues[0], Web)!.AsObject();
        Assert.False(json.ContainsKey("changes"));
        Assert.False((bool)json["hasGitDiff"]!);
    }

    [Fact]
    public void What_if_still_requires_the_new_value()
    {
        var blocked = Repo.With(ExampleRepository.Task, TaskWithStatus("blocked"));
        var issue = Assert.Single(Analyse(blocked, ["T-001"], atBase: blocked).RuleIssues());
        Assert.Equal(("FEAT-001", "task T-001 changed", false), (issue.Id, issue.Message, issue.HasGitDiff));

        Assert.Empty(Analyse(Repo, ["T-001"]).RuleIssues());
    }

    [Fact]
    public void An_id_absent_at_base_is_new_with_every_field_added()
    {
        var now = Repo.With("contexts/tasks/T-002.yaml", "id: T-002\ntitle: Unblock sync\nstatus: blocked\nrelated:\n  feature: FEAT-001\n");
        var issue = Assert.Single(Analyse(now, ["T-002"]).RuleIssues());
        Assert.Equal("task T-002: status: (not set) → \"blocked\"", issue.Message);
        var change = Assert.Single(issue.Changes!);
        Assert.Equal(("added", null, "blocked"), (change.ChangeType, change.OldValue?.GetString(), change.NewValue?.GetString()));
        var json = JsonSerializer.SerializeToNode(change, Web)!.AsObject();
        Assert.Equal(["field", "changeType", "newValue", "valueType"], json.Select(p => p.Key));
    }

    [Fact]
    public void In_a_repository_without_commits_every_entity_is_new()
    {
        var report = Analyse(Repo.With(ExampleRepository.Task, TaskWithStatus("blocked")), ["T-001"], withoutCommits: true);
        var issue = Assert.Single(report.RuleIssues());
        Assert.Equal("added", Assert.Single(issue.Changes!).ChangeType);
        Assert.Null(report.Base);
    }

    [Fact]
    public void An_id_only_at_base_is_deleted_and_keeps_its_base_relations()
    {
        var atBase = Repo
            .With(ExampleRepository.Task, "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  spec: SPEC-001\n");
        var now = atBase.Without(ExampleRepository.Spec);

        var report = Analyse(now, ["SPEC-001"], atBase: atBase);

        Assert.Equal(["T-001"], report.ImpactedIds);
        var issue = Assert.Single(report.RuleIssues());
        Assert.Equal(("T-001", "spec-change-impacts-implementations"), (issue.Id, issue.RuleId));
        Assert.Equal("spec SPEC-001: content: \"The client pushes a pack.\" → (not set)", issue.Message);
        Assert.Equal(("removed", "string"), (issue.Changes![0].ChangeType, issue.Changes[0].ValueType));
        Assert.Equal(new SourceEntity("SPEC-001", "spec", "Sync protocol"), issue.SourceEntity);
    }

    [Fact]
    public void An_id_in_neither_commit_is_not_found()
    {
        var report = Analyse(Repo.With(ExampleRepository.Task, TaskWithStatus("blocked")), ["FEAT-999", "T-001"]);

        Assert.Equal(new ImpactIssue { Id = "FEAT-999", Type = "not-found", Message = "Entity FEAT-999 does not exist", Severity = "error" }, report.Issues[0]);
        Assert.Equal("task-status-blocked-flags-feature", report.Issues[1].RuleId);
        Assert.Equal(["FEAT-999", "T-001"], report.ChangedIds);
        Assert.Equal(1, report.Stats.IssuesByType["not-found"]);
        Assert.Equal(["""{"id":"FEAT-999","type":"not-found","message":"Entity FEAT-999 does not exist","severity":"error"}"""],
            [JsonSerializer.Serialize(report.Issues[0], Web)]);
    }

    [Fact]
    public void Changed_ids_are_never_impacted_or_stale()
    {
        var now = Repo.With(ExampleRepository.Task, TaskWithStatus("blocked"));
        var report = Analyse(now, ["T-001", "FEAT-001"], depth: 3);
        Assert.DoesNotContain("FEAT-001", report.ImpactedIds);
        Assert.DoesNotContain("T-001", report.ImpactedIds);
        Assert.DoesNotContain("FEAT-001", report.StaleIds);
        Assert.DoesNotContain(report.RuleIssues(), i => i.Id is "FEAT-001" or "T-001");
    }

    [Fact]
    public void Dangling_ids_are_never_impacted()
    {
        var repo = Repo.With(ExampleRepository.Task, "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  service: svc-404\n");
        Assert.DoesNotContain("svc-404", Analyse(repo, ["T-001"], depth: 5).ImpactedIds);
    }

    [Fact]
    public void Insights_cover_changed_then_impacted_entities_and_skip_tasks()
    {
        var repo = Repo.With(ExampleRepository.Task, TaskWithService);
        var insights = Analyse(repo, ["T-001"], depth: 2, atBase: repo).Issues.Where(i => i.Type == "insight")
            .Select(i => (i.Id, i.Message, i.SuggestedAction, i.Severity));
        Assert.Equal(
        [
            ("FEAT-001", "Feature has no linked specs", "Link specifications that define how to implement this feature", "info"),
            ("svc-git", "Service has no declared consumers", "Link packages or services that consume this service to improve visibility", "info"),
        ], insights);
    }

    [Fact]
    public void Insights_name_what_each_type_lacks()
    {
        var repo = Repo
            .With(ExampleRepository.Feature, "id: FEAT-001\ntitle: x\nstatus: proposed\n")
            .With(ExampleRepository.Story, "id: US-001\nasA: a\niWant: b\nsoThat: c\nacceptanceCriteria: []\n")
            .With(ExampleRepository.Service, "id: svc-git\nname: g\ntype: backend\n")
            .With(ExampleRepository.Package, "id: pkg-context-sync\nname: s\nversion: 1.0.0\ntype: npm\n");
        var messages = Analyse(repo, ["FEAT-001", "US-001", "SPEC-001", "svc-git", "pkg-context-sync", "T-001"], atBase: repo)
            .Issues.Where(i => i.Type == "insight").Select(i => $"{i.Id}: {i.Message}");
        Assert.Equal(
        [
            "FEAT-001: Feature has no linked user stories",
            "FEAT-001: Feature has no linked specs",
            "FEAT-001: Feature has no linked tasks",
            "US-001: User story has no acceptance criteria",
            "US-001: User story is not linked to a feature",
            "SPEC-001: Spec is not linked to any feature",
            "svc-git: Service is missing API version metadata",
            "svc-git: Service has no declared consumers",
            "pkg-context-sync: Package has no linked services",
        ], messages);
    }

    [Fact]
    public void The_report_has_the_shape_and_order_of_the_spec()
    {
        var report = Analyse(Repo.With(ExampleRepository.Task, TaskWithStatus("blocked")), ["T-001"]);

        Assert.Equal(["task-status-blocked-flags-feature", null], report.Issues.Select(i => i.RuleId));
        Assert.Equal((1, 1, 1, 2), (report.Stats.TotalChanged, report.Stats.TotalImpacted, report.Stats.TotalStale, report.Stats.TotalIssues));
        Assert.Equal(new Dictionary<string, int> { ["needs-review"] = 1, ["insight"] = 1 }, report.Stats.IssuesByType);
        Assert.Equal((1, BaseCommit), (report.Depth, report.Base));

        var json = JsonSerializer.SerializeToNode(report, Web)!.AsObject();
        Assert.Equal(["changedIds", "impactedIds", "staleIds", "issues", "stats", "impactedEntities", "depth", "base", "warnings"], json.Select(p => p.Key));
        Assert.Equal(["id", "type", "message", "reason", "suggestedAction", "severity", "ruleId", "sourceEntity", "hasGitDiff", "changes"],
            json["issues"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["id", "type", "title"], json["issues"]![0]!["sourceEntity"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["field", "changeType", "oldValue", "newValue", "valueType"], json["issues"]![0]!["changes"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["id", "type", "message", "suggestedAction", "severity"], json["issues"]![1]!.AsObject().Select(p => p.Key));
        Assert.Equal(["totalChanged", "totalImpacted", "totalStale", "totalIssues", "issuesByType"], json["stats"]!.AsObject().Select(p => p.Key));
        Assert.Equal(
            """{"id":"FEAT-001","type":"feature","title":"Context sync","status":"in-progress","isStale":true,"distance":1,"path":["T-001","FEAT-001"]}""",
            json["impactedEntities"]![0]!.ToJsonString());
    }

    /// <summary>Compares impacted entities by value, the path by its elements.</summary>
    sealed class ImpactedEntityComparer : IEqualityComparer<ImpactedEntity>
    {
        public static readonly ImpactedEntityComparer Instance = new();

        public bool Equals(ImpactedEntity? x, ImpactedEntity? y) =>
            x is not null && y is not null && x with { Path = Array.Empty<string>() } == y with { Path = Array.Empty<string>() } && x.Path.SequenceEqual(y.Path);

        public int GetHashCode(ImpactedEntity obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
