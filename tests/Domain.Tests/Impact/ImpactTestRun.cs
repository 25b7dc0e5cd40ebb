using ContextKit.Domain.Impact;
using ContextKit.Domain.Tests.Graph;

namespace ContextKit.Domain.Tests.Impact;

/// <summary>Runs an analysis of the working copy <c>now</c> against a base repository (by default the §14 base repo).</summary>
static class ImpactTestRun
{
    public const string BaseCommit = "0123456789abcdef0123456789abcdef01234567";

    public static ImpactReport Analyse(ExampleRepository now, string[] ids, int depth = 1, ExampleRepository? atBase = null,
        ImpactRules? rules = null, bool withoutCommits = false) =>
        ImpactAnalysis.Run(new ImpactRequest(ids, depth), now.Graph(),
            withoutCommits ? null : (atBase ?? ExampleRepository.Base).Index(),
            withoutCommits ? null : BaseCommit,
            rules ?? ImpactRules.BuiltIn);

    public static IEnumerable<ImpactIssue> RuleIssues(this ImpactReport report) => report.Issues.Where(i => i.RuleId is not null);
}
