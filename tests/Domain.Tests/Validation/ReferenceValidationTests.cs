using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>Relations (context-repo-format §4, §5 steps 2–4): typed fields give errors, free ones warnings; duplicates; dependency cycles.</summary>
public class ReferenceValidationTests
{
    [Fact]
    public void Every_typed_field_is_checked_including_target_types()
    {
        var report = Validate(Base()
            .With("contexts/features/FEAT-001.yaml", "id: FEAT-001\ntitle: Sync\nstatus: proposed\nuserStories: [US-001, US-404]\nspecs: [SPEC-404]\ntasks: [T-001, T-404]\n")
            .With("contexts/userstories/US-002.yaml", "id: US-002\nfeature: FEAT-404\nasA: a\niWant: b\nsoThat: c\n")
            .With("contexts/specs/SPEC-002.yaml", "id: SPEC-002\ntitle: s\nrelated:\n  features: [FEAT-001, FEAT-404]\n")
            .With("contexts/tasks/T-002.yaml", "id: T-002\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  spec: SPEC-404\n")
            .With("contexts/tasks/T-003.yaml", "id: T-003\ntitle: t\nstatus: todo\nrelated:\n  spec: SPEC-001\n"));

        Assert.Equal(
        [
            "[Reference] FEAT-001 -> US-404 (userStories): Referenced user story does not exist",
            "[Reference] FEAT-001 -> SPEC-404 (specs): Referenced spec does not exist",
            "[Reference] FEAT-001 -> T-404 (tasks): Referenced task does not exist",
            "[Reference] US-002 -> FEAT-404 (feature): Referenced feature does not exist",
            "[Reference] SPEC-002 -> FEAT-404 (related.features): Referenced feature does not exist",
            "[Reference] T-002 -> SPEC-404 (related.spec): Referenced spec does not exist",
        ], report.Errors);
        Assert.Equal(6, report.TotalErrors);
    }

    [Fact]
    public void A_typed_field_naming_an_entity_of_another_type_says_both_types()
    {
        var report = Validate(Base().With("contexts/userstories/US-002.yaml", "id: US-002\nfeature: FEAT-001\nasA: a\niWant: b\nsoThat: c\n")
            .With("contexts/tasks/T-001.yaml", "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  feature: FEAT-001\n  spec: FEAT-001\n"));

        // The id is off the spec pattern too: the schema says so, and the relation says what it names.
        Assert.Contains(new CrossReferenceError("T-001", "related.spec", "FEAT-001", "Referenced entity is a feature, expected spec"),
            report.CrossReferenceErrors.Select(e => e with { File = null, Line = null, Column = null }));
    }

    [Fact]
    public void Every_free_field_gives_warnings_only()
    {
        var report = Validate(Base()
            .With("contexts/features/FEAT-001.yaml", "id: FEAT-001\ntitle: Sync\nstatus: proposed\nrequires: [svc-x]\nproduces: [svc-git]\n")
            .With("contexts/userstories/US-001.yaml", "id: US-001\nfeature: FEAT-001\nasA: a\niWant: b\nsoThat: c\nimpacts:\n  services: [pkg-context-sync]\n  packages: [pkg-x]\n")
            .With("contexts/specs/SPEC-001.yaml", "id: SPEC-001\ntitle: s\nrelated:\n  services: [svc-x]\n  packages: [pkg-x]\n")
            .With("contexts/tasks/T-001.yaml", "id: T-001\ntitle: t\nstatus: todo\nrelated:\n  service: svc-x\n  package: pkg-x\n  userstory: US-404\n")
            .With("contexts/services/svc-git.yaml", "id: svc-git\nname: g\ntype: backend\ndependencies: [\"svc-x@1\"]\nconsumers: [svc-y]\n")
            .With("contexts/packages/pkg-context-sync.yaml", "id: pkg-context-sync\nname: s\nversion: '1'\ntype: npm\nuses:\n  services: [svc-x]\ndependencies: [\"vue@^3.5.0\"]\n"));

        Assert.True(report.Ok, string.Join("\n", report.Errors));
        Assert.Equal(
        [
            "FEAT-001 requires svc-x: Referenced service or package does not exist",
            "FEAT-001 produces svc-git: Referenced entity is a service, expected package",
            "US-001 impacts.services pkg-context-sync: Referenced entity is a package, expected service",
            "US-001 impacts.packages pkg-x: Referenced package does not exist",
            "SPEC-001 related.services svc-x: Referenced service does not exist",
            "SPEC-001 related.packages pkg-x: Referenced package does not exist",
            "T-001 related.service svc-x: Referenced service does not exist",
            "T-001 related.package pkg-x: Referenced package does not exist",
            "T-001 related.userstory US-404: Referenced user story does not exist",
            "svc-git dependencies svc-x: Referenced service does not exist",
            "svc-git consumers svc-y: Referenced service or package does not exist",
            "pkg-context-sync uses.services svc-x: Referenced service does not exist",
        ], report.Warnings.Select(w => $"{w.Entity} {w.Field} {w.Reference}: {w.Message}"));
        Assert.All(report.Warnings, w => Assert.Equal("reference", w.Kind));
    }

    [Fact]
    public void References_are_checked_against_schema_invalid_entities_too()
    {
        var report = Validate(Base().With("contexts/tasks/T-001.yaml", "id: T-001\nstatus: nonsense\nrelated:\n  feature: FEAT-001\n"));

        Assert.Empty(report.CrossReferenceErrors);
        Assert.Single(report.SchemaErrors);
    }

    [Fact]
    public void A_duplicate_is_ignored_by_the_reference_check()
    {
        var report = Validate(Base().With("contexts/tasks/zz-copy.yaml", "id: T-001\ntitle: copy\nstatus: todo\nrelated:\n  feature: FEAT-404\n"));

        Assert.Empty(report.CrossReferenceErrors);
        Assert.Equal(["contexts/tasks/T-001.yaml", "contexts/tasks/zz-copy.yaml"], Assert.Single(report.DuplicateIds).Files);
    }

    [Fact]
    public void Ids_are_unique_across_types()
    {
        var report = Validate(Base().With("contexts/services/svc-dup.yaml", "id: FEAT-001\nname: odd\ntype: backend\n"));

        var duplicate = Assert.Single(report.DuplicateIds);
        Assert.Equal("feature", duplicate.Type);
        Assert.Equal(["contexts/features/FEAT-001.yaml", "contexts/services/svc-dup.yaml"], duplicate.Files);
    }

    static Dictionary<string, string> Services(params (string Id, string Dependencies)[] services)
    {
        var files = Base();
        foreach (var (id, dependencies) in services)
            files[$"contexts/services/{id}.yaml"] = $"id: {id}\nname: {id}\ntype: backend\ndependencies: {dependencies}\n";
        return files;
    }

    static List<string> Cycles(Dictionary<string, string> files) =>
        Validate(files).Warnings.Where(w => w.Kind == "cycle").Select(w => $"{w.Entity}: {w.Message}").ToList();

    [Fact]
    public void A_longer_cycle_is_shown_through_its_smallest_id()
    {
        Assert.Equal(["svc-a: Dependency cycle: svc-a -> svc-b -> svc-c -> svc-a"],
            Cycles(Services(("svc-c", "[svc-a]"), ("svc-b", "[svc-c]"), ("svc-a", "[svc-b]"))));
    }

    [Fact]
    public void A_self_loop_is_its_own_cycle_even_inside_a_larger_component()
    {
        Assert.Equal(["svc-a: Dependency cycle: svc-a -> svc-a"], Cycles(Services(("svc-a", "[svc-a]"))));
        Assert.Equal(
            ["svc-a: Dependency cycle: svc-a -> svc-b -> svc-a", "svc-b: Dependency cycle: svc-b -> svc-b"],
            Cycles(Services(("svc-a", "[svc-b]"), ("svc-b", "[svc-b, svc-a]"))));
    }

    [Fact]
    public void Each_component_gives_one_warning_and_the_shortest_cycle_back()
    {
        Assert.Equal(
            ["svc-a: Dependency cycle: svc-a -> svc-c -> svc-a", "svc-x: Dependency cycle: svc-x -> svc-y -> svc-x"],
            Cycles(Services(("svc-a", "[svc-b, svc-c]"), ("svc-b", "[svc-c]"), ("svc-c", "[svc-a, svc-b]"), ("svc-x", "[svc-y]"), ("svc-y", "[svc-x]"))));
    }

    [Fact]
    public void Dependencies_on_missing_services_or_non_services_make_no_cycle()
    {
        Assert.Empty(Cycles(Services(("svc-a", "[svc-missing, pkg-context-sync]"))));
        Assert.Empty(Cycles(Services(("svc-a", "[svc-b]"), ("svc-b", "[svc-c]"))));
    }
}
