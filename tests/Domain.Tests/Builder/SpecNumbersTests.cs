using ContextKit.Domain.Builder;

namespace ContextKit.Domain.Tests.Builder;

public class SpecNumbersTests
{
    [Fact]
    public void Two_users_specifying_at_once_get_consecutive_numbers()
    {
        string[] entries = ["specs/001-a", "specs/002-b"];

        var first = SpecNumbers.Next(entries, 0);
        var second = SpecNumbers.Next(entries, first.Mark);

        Assert.Equal("003", first.Number);
        Assert.Equal("004", second.Number);
    }

    [Fact]
    public void Numbers_on_every_branch_count_whatever_their_width()
    {
        Assert.Equal("043", SpecNumbers.Next(["001-a", "specs/0042-wide/spec.md", "specs/notes.md", "specs/x-1"], 0).Number);
        Assert.Equal("001", SpecNumbers.Next([], 0).Number);
    }

    [Fact]
    public void Numbers_grow_past_999()
    {
        Assert.Equal("1000", SpecNumbers.Next(["specs/999-last"], 0).Number);
    }

    [Theory]
    [InlineData("Offline sync for stewards!", "offline-sync-for-stewards")]
    [InlineData("  --Hello__World--  ", "hello-world")]
    [InlineData("Ünïcode çafé", "n-code-af")]
    [InlineData("???", "spec")]
    [InlineData("", "spec")]
    [InlineData("a very long description that goes on and on and on beyond fifty characters", "a-very-long-description-that-goes-on-and-on-and-on")]
    [InlineData("a slug that is cut exactly where a dash would bee, then more", "a-slug-that-is-cut-exactly-where-a-dash-would-bee")]
    public void Spec_folder_slugs_follow_the_rule(string description, string slug)
    {
        Assert.Equal(slug, SpecNumbers.Slug(description));
    }

    [Fact]
    public void The_folder_name_joins_number_and_slug()
    {
        Assert.Equal("003-offline-sync", SpecNumbers.FolderName("003", "Offline sync"));
    }
}
