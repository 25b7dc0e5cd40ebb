using ContextKit.Domain.Entities;
using ContextKit.Domain.Relations;
using ContextKit.Domain.Snapshots;

namespace ContextKit.Domain.Tests.Relations;

public class RelationTableTests
{
    static readonly ContextIndex Index = ContextIndex.Load(new InMemorySnapshot(new Dictionary<string, string>
    {
        ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\nuserStories: [US-001, US-404]\nrequires: [svc-git, 7]\n",
        ["contexts/userstories/US-001.yaml"] = "id: US-001\nfeature: FEAT-001\n",
        ["contexts/tasks/T-001.yaml"] = "id: T-001\nrelated:\n  feature: US-001\n  spec: SPEC-001\n",
        ["contexts/specs/SPEC-001.yaml"] = "id: SPEC-001\n",
        ["contexts/services/svc-git.yaml"] = "id: svc-git\ndependencies: [\"svc-user-api@^2.0.0\", \" svc-git \"]\nconsumers: [pkg-sync, FEAT-001]\n",
        ["contexts/packages/pkg-sync.yaml"] = "id: pkg-sync\nuses:\n  services: [svc-git]\ndependencies: [\"vue@^3.5.0\"]\n",
    }));

    static List<Reference> All => RelationTable.References(Index).ToList();

    [Fact]
    public void A_missing_target_names_what_was_expected()
    {
        var missing = Assert.Single(All, r => r.Target == "US-404");
        Assert.Equal("Referenced user story does not exist", missing.Problem);
        Assert.Equal("userStories", missing.Field.Field);
        Assert.True(missing.Field.Typed);
    }

    [Fact]
    public void A_target_of_the_wrong_type_names_both_types()
    {
        Assert.Equal("Referenced entity is a user story, expected feature", Assert.Single(All, r => r.Field.Field == "related.feature").Problem);
        Assert.Equal("Referenced entity is a feature, expected service or package", Assert.Single(All, r => r.Target == "FEAT-001" && r.Field.Field == "consumers").Problem);
    }

    [Fact]
    public void Service_dependencies_name_the_id_before_the_version_range()
    {
        var dependencies = All.Where(r => r.Field.Field == "dependencies").Select(r => r.Target).ToList();
        Assert.Equal(["svc-user-api", "svc-git"], dependencies);
    }

    [Fact]
    public void Package_dependencies_and_non_string_values_make_no_reference()
    {
        Assert.DoesNotContain(All, r => r.Target.StartsWith("vue", StringComparison.Ordinal));
        Assert.DoesNotContain(All, r => r.Target == "7");
    }

    [Fact]
    public void Reverse_declared_fields_make_edges_from_the_named_entity()
    {
        Assert.Equal(("FEAT-001", "US-001", "has-story"), Assert.Single(All, r => r.From.Id == "US-001").Edge);
        Assert.Equal(("SPEC-001", "T-001", "implements"), Assert.Single(All, r => r.Field.Field == "related.spec").Edge);
        var uses = All.Where(r => r.Field.Rel == "uses" && r.Edge is not null).Select(r => r.Edge).Distinct().ToList();
        Assert.Equal([("pkg-sync", "svc-git", "uses")], uses);
    }

    [Fact]
    public void Invalid_references_make_no_edge() =>
        Assert.All(All.Where(r => !r.IsValid), r => Assert.Null(r.Edge));
}
