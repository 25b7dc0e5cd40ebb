using ContextKit.Domain.Repositories;

namespace ContextKit.Domain.Tests.Repositories;

public class RepositoryNamesTests
{
    [Fact]
    public void A_new_id_is_the_name_slug_with_a_random_suffix()
    {
        var id = RepositoryNames.NewId("Billing Platform — 2026!");
        Assert.Matches("^billing-platform-2026-[0-9a-f]{6}$", id);
        Assert.True(RepositoryNames.IsValidId(id));
        Assert.NotEqual(id, RepositoryNames.NewId("Billing Platform — 2026!"));
    }

    [Fact]
    public void A_name_without_letters_still_gets_an_id() => Assert.Matches("^repo-[0-9a-f]{6}$", RepositoryNames.NewId("—"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0007name")]
    public void Unusable_names_are_refused(string name) => Assert.NotNull(RepositoryNames.CheckName(name));

    [Theory]
    [InlineData("../x")]
    [InlineData("UPPER")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Ids_that_we_never_make_are_invalid(string id) => Assert.False(RepositoryNames.IsValidId(id));

    [Theory]
    [InlineData("main")]
    [InlineData("feature/003-offline-sync")]
    [InlineData("release-1.2")]
    public void Ordinary_branch_names_are_accepted(string branch) => Assert.Null(RepositoryNames.CheckBranch(branch));

    [Theory]
    [InlineData("HEAD")]
    [InlineData("a..b")]
    [InlineData("-x")]
    [InlineData("x.lock")]
    [InlineData("a b")]
    [InlineData("a~1")]
    [InlineData("x/")]
    [InlineData("x/.hidden")]
    [InlineData("@")]
    public void Branch_names_git_would_refuse_are_refused(string branch) => Assert.NotNull(RepositoryNames.CheckBranch(branch));
}
