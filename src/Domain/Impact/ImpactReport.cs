using System.Text.Json.Serialization;

namespace ContextKit.Domain.Impact;

/// <summary>
/// The result of an impact analysis (context-repo-format §7 "Order and output"). <see cref="Base"/> is the
/// resolved base commit, null for a repository without commits. <see cref="Warnings"/> is additive: it says
/// when the rules file could not be used.
/// </summary>
public sealed record ImpactReport(
    IReadOnlyList<string> ChangedIds,
    IReadOnlyList<string> ImpactedIds,
    IReadOnlyList<string> StaleIds,
    IReadOnlyList<ImpactIssue> Issues,
    ImpactStats Stats,
    IReadOnlyList<ImpactedEntity> ImpactedEntities,
    int Depth,
    string? Base,
    IReadOnlyList<string> Warnings);

/// <summary>Totals; <see cref="IssuesByType"/> counts issues by their <c>type</c>, in order of first appearance.</summary>
public sealed record ImpactStats(int TotalChanged, int TotalImpacted, int TotalStale, int TotalIssues, IReadOnlyDictionary<string, int> IssuesByType);

/// <summary>An entity reached from the changed ones; <see cref="Title"/> is <c>title ?? name</c>.</summary>
public sealed record ImpactedEntity(string Id, string Type, string? Title, string? Status, bool IsStale, int Distance, IReadOnlyList<string> Path);

/// <summary>The changed entity a rule issue comes from; <see cref="Title"/> is <c>title ?? name ?? id</c>.</summary>
public sealed record SourceEntity(string Id, string Type, string Title);

/// <summary>
/// One entry of <c>issues</c>: a rule issue (the target to review), a <c>not-found</c> error for an unknown id, or
/// an <c>insight</c>. Fields a kind does not have are null and left out of the JSON.
/// </summary>
public sealed record ImpactIssue
{
    public const string NotFound = "not-found", Insight = "insight";

    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SuggestedAction { get; init; }

    public required string Severity { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RuleId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SourceEntity? SourceEntity { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HasGitDiff { get; init; }

    /// <summary>The changes under the rule's matched fields; null (omitted) in what-if mode.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldChange>? Changes { get; init; }
}
