using ContextKit.Domain.Builder;
using ContextKit.Domain.Entities;

namespace ContextKit.Domain.Tests.Builder;

public class IdAllocatorTests
{
    [Theory]
    [InlineData(new[] { "T-001", "T-002", "T-010" }, "T-011")]
    [InlineData(new[] { "T-0001", "T-0002", "T-0003" }, "T-0004")]
    [InlineData(new[] { "T-001", "T-002", "T-003" }, "T-004")]
    [InlineData(new string[0], "T-001")]
    [InlineData(new[] { "T-999" }, "T-1000")]
    [InlineData(new[] { "T-0001", "T-002" }, "T-0003")]
    [InlineData(new[] { "T-0001", "T-002", "T-003" }, "T-004")]
    [InlineData(new[] { "T-1", "T-2" }, "T-003")]
    [InlineData(new[] { "FEAT-050", "US-200", "svc-x", "T-abc", "T-", "t-900", "T-012" }, "T-013")]
    public void The_next_task_id_follows_the_largest_number_at_the_most_common_width(string[] existing, string expected)
    {
        Assert.Equal(expected, IdAllocator.Next(EntityType.Task, existing, 0).Id);
    }

    [Fact]
    public void Numbers_already_handed_out_are_never_handed_out_again()
    {
        string[] existing = ["T-001", "T-002", "T-003"];

        var alice = IdAllocator.Next(EntityType.Task, existing, 0);
        var bob = IdAllocator.Next(EntityType.Task, existing, alice.Mark);

        Assert.Equal(("T-004", 4L), (alice.Id, alice.Mark));
        Assert.Equal(("T-005", 5L), (bob.Id, bob.Mark));
    }

    [Fact]
    public void A_batch_continues_the_sequence_at_the_same_width()
    {
        var (ids, mark) = IdAllocator.NextBatch(EntityType.Task, ["T-0007", "T-0012"], 12, 3);

        Assert.Equal(["T-0013", "T-0014", "T-0015"], ids);
        Assert.Equal(15, mark);
    }

    [Fact]
    public void A_number_used_on_another_branch_counts_even_if_the_mark_is_lower()
    {
        Assert.Equal("FEAT-021", IdAllocator.Next(EntityType.Feature, ["FEAT-001", "FEAT-020"], 7).Id);
        Assert.Equal("FEAT-031", IdAllocator.Next(EntityType.Feature, ["FEAT-001", "FEAT-020"], 30).Id);
    }

    [Fact]
    public void Each_numbered_type_has_its_prefix()
    {
        Assert.Equal("FEAT-001", IdAllocator.Next(EntityType.Feature, [], 0).Id);
        Assert.Equal("US-004", IdAllocator.Next(EntityType.UserStory, ["US-003"], 0).Id);
        Assert.Equal("SPEC-002", IdAllocator.Next(EntityType.Spec, ["SPEC-001", "FEAT-009"], 0).Id);
    }

    [Fact]
    public void Services_and_packages_are_named_after_their_name()
    {
        Assert.Equal("svc-lending-api", IdAllocator.ForName(EntityType.Service, "Lending API", []));
        Assert.Equal("pkg-toolshed-client", IdAllocator.ForName(EntityType.Package, "  Toolshed / Client ", []));
        Assert.Equal("svc-billing", IdAllocator.ForName(EntityType.Service, "svc-billing", []));
        Assert.Equal("svc-service", IdAllocator.ForName(EntityType.Service, "!!!", []));
    }

    [Fact]
    public void A_taken_service_id_gets_a_number()
    {
        Assert.Equal("svc-lending-api-2", IdAllocator.ForName(EntityType.Service, "Lending API", ["svc-lending-api"]));
        Assert.Equal("svc-lending-api-3", IdAllocator.ForName(EntityType.Service, "Lending API", ["SVC-Lending-API", "svc-lending-api-2"]));
    }

    [Fact]
    public void Asking_the_wrong_allocator_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => IdAllocator.Next(EntityType.Service, [], 0));
        Assert.Throws<ArgumentException>(() => IdAllocator.ForName(EntityType.Task, "x", []));
    }
}
