using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Tests.Paths;

public class RepoPathTests
{
    [Theory]
    [InlineData("contexts/features/FEAT-001.yaml", "contexts/features/FEAT-001.yaml")]
    [InlineData("contexts/features/", "contexts/features")]
    [InlineData("c4/out/billing.0.json", "c4/out/billing.0.json")]
    [InlineData(".context/schemas/feature.schema.json", ".context/schemas/feature.schema.json")]
    public void A_relative_path_is_kept_in_canonical_form(string input, string expected) =>
        Assert.Equal(expected, RepoPath.Parse(input).Value);

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("contexts/../../secret")]
    [InlineData("contexts/./x.yaml")]
    [InlineData("contexts//x.yaml")]
    [InlineData("..")]
    [InlineData(".git/config")]
    [InlineData("sub/.GIT/HEAD")]
    [InlineData("C:/windows/system32")]
    [InlineData("~/x")]
    [InlineData("contexts\\features\\x.yaml")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("")]
    [InlineData("/")]
    public void A_path_that_could_leave_the_repository_or_reach_git_is_refused(string input) =>
        Assert.Throws<InvalidPathException>(() => RepoPath.Parse(input));

    [Fact]
    public void An_absolute_path_is_refused_with_a_reason_the_caller_can_act_on()
    {
        var error = Assert.Throws<InvalidPathException>(() => RepoPath.Parse("//etc/passwd/x"));
        Assert.Contains("relative to the repository root", error.Reason);
    }

    [Fact]
    public void The_root_is_allowed_only_where_asked_for()
    {
        Assert.True(RepoPath.Parse("", allowRoot: true).IsRoot);
        Assert.Throws<InvalidPathException>(() => RepoPath.Parse(""));
    }

    [Fact]
    public void Very_long_paths_and_segments_are_refused()
    {
        Assert.Throws<InvalidPathException>(() => RepoPath.Parse(string.Join('/', Enumerable.Repeat("abcdefghij", 110))));
        Assert.Throws<InvalidPathException>(() => RepoPath.Parse(new string('a', 256)));
    }

    [Theory]
    [InlineData("contexts/features/a.yaml", "contexts", true)]
    [InlineData("contexts/features/a.yaml", "contexts/features/a.yaml", true)]
    [InlineData("contexts-old/a.yaml", "contexts", false)]
    public void IsUnder_compares_whole_segments(string path, string folder, bool expected) =>
        Assert.Equal(expected, RepoPath.Parse(path).IsUnder(RepoPath.Parse(folder)));
}
