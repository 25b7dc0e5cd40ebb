using ContextKit.Domain.Builder;
using ContextKit.Domain.Entities;

namespace ContextKit.Domain.Tests.Builder;

public class EntityFileNamesTests
{
    [Fact]
    public void A_new_task_file_is_named_after_its_id_and_title()
    {
        Assert.Equal("contexts/tasks/T-014-add-sync-queue.yaml", EntityFileNames.PathFor(EntityType.Task, "T-014", "Add sync queue").Value);
    }

    [Theory]
    [InlineData(null, "contexts/services/svc-git.yaml")]
    [InlineData("", "contexts/services/svc-git.yaml")]
    [InlineData("!!!", "contexts/services/svc-git.yaml")]
    [InlineData("Git -- Gateway!", "contexts/services/svc-git-git-gateway.yaml")]
    public void Without_a_usable_title_the_file_is_named_after_the_id(string? title, string path)
    {
        Assert.Equal(path, EntityFileNames.PathFor(EntityType.Service, "svc-git", title).Value);
    }

    [Fact]
    public void The_slug_is_cut_to_forty_characters_without_a_trailing_dash()
    {
        var path = EntityFileNames.PathFor(EntityType.Feature, "FEAT-001", "Reservations and checkout for the sheds: xy");

        Assert.Equal("contexts/features/FEAT-001-reservations-and-checkout-for-the-sheds.yaml", path.Value);
        Assert.Equal("reservations-and-checkout-for-the-commun", EntityFileNames.TitleSlug("Reservations and checkout for the community tool shed"));
    }

    [Fact]
    public void Ids_that_cannot_be_file_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EntityFileNames.PathFor(EntityType.Task, "../T-1", "x"));
        Assert.Throws<ArgumentException>(() => EntityFileNames.PathFor(EntityType.Task, "", "x"));
        Assert.Throws<ArgumentException>(() => EntityFileNames.PathFor(EntityType.Governance, "CONST", null));
    }
}
