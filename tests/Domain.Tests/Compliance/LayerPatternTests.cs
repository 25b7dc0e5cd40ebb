using ContextKit.Domain.Compliance;
using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Tests.Compliance;

/// <summary>Layer path globs (context-repo-format §5.2).</summary>
public class LayerPatternTests
{
    [Theory]
    [InlineData("contexts/tasks", "contexts/tasks/T-001.yaml", true)]
    [InlineData("contexts/tasks", "contexts/tasks/deep/T-001.yaml", true)]
    [InlineData("contexts/tasks/", "contexts/tasks/T-001.yaml", true)]
    [InlineData("contexts/tasks", "contexts/tasks-old/T-001.yaml", false)]
    [InlineData("contexts/tasks/T-001.yaml", "contexts/tasks/T-001.yaml", true)]
    [InlineData("contexts/tasks/T-001.yaml", "contexts/tasks/T-001.yaml.bak", false)]
    [InlineData("contexts/features/**", "contexts/features/a/b/FEAT-001.yaml", true)]
    [InlineData("contexts/features/**", "contexts/specs/SPEC-001.yaml", false)]
    [InlineData("contexts/*/FEAT-*.yaml", "contexts/features/FEAT-001.yaml", true)]
    [InlineData("contexts/*/FEAT-*.yaml", "contexts/features/deep/FEAT-001.yaml", false)]
    [InlineData("contexts/**/FEAT-*.yaml", "contexts/features/deep/FEAT-001.yaml", true)]
    [InlineData("contexts/**/FEAT-*.yaml", "contexts/FEAT-001.yaml", true)]
    [InlineData("**/*.yml", "contexts/tasks/T-001.yml", true)]
    [InlineData("**/*.yml", "contexts/tasks/T-001.yaml", false)]
    [InlineData("contexts/tasks/*", "contexts/tasks/deep/T-001.yaml", false)]
    [InlineData("./contexts/services", "contexts/services/svc-a.yaml", true)]
    public void A_pattern_matches_paths(string pattern, string path, bool expected) =>
        Assert.Equal(expected, LayerPattern.Parse(pattern).Matches(RepoPath.Parse(path)));
}
