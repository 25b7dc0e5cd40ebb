using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Impact;

/// <summary>The <c>when</c> part of a consistency rule (context-repo-format §7.1).</summary>
/// <param name="Entity">The entity type the rule watches; null = any type.</param>
/// <param name="FieldChanged">Paths whose value must differ from base; empty = any change.</param>
/// <param name="HasNewValue">Whether <c>newValue</c> was given (it may be given as null).</param>
/// <param name="ChangeType">added, removed or modified; any other value, or null, means any change.</param>
public sealed record RuleCondition(
    string? Entity,
    IReadOnlyList<FieldPath> FieldChanged,
    bool HasNewValue,
    JsonNode? NewValue,
    string? ChangeType);

/// <summary>The <c>then</c> part of a consistency rule: which related entities to flag, and how.</summary>
/// <param name="Types">Entity types that may be flagged; null = any.</param>
/// <param name="Rel">An edge rel that must join the changed entity and the target; <c>consumers</c> means a <c>uses</c> edge pointing to the changed entity.</param>
public sealed record RuleAction(
    IReadOnlyList<string>? Types,
    string? Rel,
    string? Status,
    string? Reason,
    string? SuggestedAction);

/// <summary>One consistency rule: when an entity changes in a certain way, which neighbours need review.</summary>
public sealed record ImpactRule(string Id, string? Description, RuleCondition When, RuleAction Then, string? Severity);

/// <summary>
/// The consistency rules of a repository (<c>.context/rules/consistency.rules.yaml</c>): the file's rules,
/// the six built-in ones (§7.2) when there is no file, none plus a warning when it does not parse.
/// </summary>
public sealed class ImpactRules
{
    public static readonly RepoPath FilePath = RepoPath.Parse(".context/rules/consistency.rules.yaml");

    public const string UserStoryAcceptance = "US-acceptance-change-flags-tasks";
    public const string FeatureChange = "feature-change-impacts-all";
    public const string ServiceVersionBump = "service-version-bump-needs-consumer-review";
    public const string SpecChange = "spec-change-impacts-implementations";
    public const string TaskBlocked = "task-status-blocked-flags-feature";
    public const string PackageDependencies = "package-dependency-change-impacts-consumers";

    ImpactRules(IReadOnlyList<ImpactRule> rules, IReadOnlyList<string> warnings)
    {
        Rules = rules;
        Warnings = warnings;
    }

    public IReadOnlyList<ImpactRule> Rules { get; }

    /// <summary>Problems met reading the file; impact reports them in its <c>warnings</c>.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The six rules of §7.2, used when a repository has no rules file.</summary>
    public static ImpactRules BuiltIn { get; } = new(
    [
        Rule(UserStoryAcceptance, "Acceptance criteria of a user story changed", "userstory", ["acceptanceCriteria"],
            ["task", "spec"], null, "warning"),
        Rule(FeatureChange, "A feature's scope, status, prompts or dependencies changed", "feature",
            ["title", "status", "prompts", "requires", "produces"], ["userstory", "spec", "task", "service", "package"], null, "warning"),
        Rule(ServiceVersionBump, "The API contract of a service changed", "service", ["api.version", "api.spec"],
            ["package", "service"], "consumers", "error"),
        Rule(SpecChange, "The content of a spec changed", "spec", ["content"], ["task"], "implements", "warning"),
        Rule(TaskBlocked, "A task became blocked", "task", ["status"], ["feature"], null, "error", newValue: "blocked"),
        Rule(PackageDependencies, "The external dependencies of a package changed", "package", ["dependencies"],
            ["service", "package"], null, "info"),
    ], []);

    /// <summary>Reads the rules file of <paramref name="snapshot"/> (the working copy impact runs on).</summary>
    public static ImpactRules Load(IRepositorySnapshot snapshot) => Parse(snapshot.ReadText(FilePath));

    /// <summary>
    /// Parses the text of a rules file; null means there is no file (the built-in rules apply). A file that is
    /// not YAML, or has no <c>rules</c> list, gives no rules and a warning; a single malformed rule is skipped
    /// with a warning.
    /// </summary>
    public static ImpactRules Parse(string? text)
    {
        if (text is null)
            return BuiltIn;
        var parsed = YamlDocumentParser.Parse(text);
        if (!parsed.Ok)
            return Unusable($"{parsed.Error}{(parsed.Line is { } line ? $" (line {line}, column {parsed.Column})" : "")}");
        var (root, _) = YamlToJson.Convert(parsed.Root!);
        if (root["rules"] is not JsonArray entries)
            return Unusable("it has no 'rules' list");

        var rules = new List<ImpactRule>();
        var warnings = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry || Text(entry["id"]) is not { Length: > 0 } id)
            {
                warnings.Add($"Rule {i + 1} in {FilePath} was skipped: it needs an 'id'");
                continue;
            }
            var when = entry["when"] as JsonObject ?? [];
            var then = entry["then"] as JsonObject ?? [];
            var mark = then["markRelated"] as JsonObject ?? [];
            rules.Add(new ImpactRule(
                id,
                Text(entry["description"]),
                new RuleCondition(
                    Text(when["entity"]),
                    Texts(when["fieldChanged"])?.Select(FieldPath.Parse).ToList() ?? [],
                    when.ContainsKey("newValue"),
                    when["newValue"],
                    Text(when["changeType"])),
                new RuleAction(Texts(mark["types"]), Text(mark["rel"]), Text(mark["status"]), Text(mark["reason"]), Text(then["suggestedAction"])),
                Text(entry["severity"])));
        }
        return new ImpactRules(rules, warnings);
    }

    /// <summary>
    /// The built-in suggested action of a shipped rule (§7.2), which for <c>feature-change-impacts-all</c> depends on
    /// the matched fields; null for any other rule.
    /// </summary>
    public static string? BuiltInSuggestedAction(string ruleId, IReadOnlyCollection<string> matchedTopFields) => ruleId switch
    {
        UserStoryAcceptance => "Update task implementation and test cases to match new acceptance criteria",
        FeatureChange when matchedTopFields.Contains("requires") => "Verify dependencies are satisfied and update task requirements",
        FeatureChange when matchedTopFields.Contains("prompts") => "Review implementation approach against updated feature prompts",
        FeatureChange => "Review and update implementation to align with feature changes",
        ServiceVersionBump => "Review API contract changes and update client integration code",
        SpecChange => "Review implementation against updated technical specifications",
        TaskBlocked => "Address blocking issues or adjust feature timeline",
        PackageDependencies => "Review transitive dependencies and update version constraints",
        _ => null,
    };

    static ImpactRules Unusable(string why) =>
        new([], [$"Rules file {FilePath} could not be parsed, so no rules were applied: {why}"]);

    // Built-in rules leave suggestedAction unset so that the §7.2 text, which may depend on the matched
    // fields, is chosen when the issue is made; with no markRelated.reason an issue's reason is the description.
    static ImpactRule Rule(string id, string description, string entity, string[] fields, string[] types, string? rel,
        string severity, string? newValue = null) =>
        new(id, description,
            new RuleCondition(entity, fields.Select(FieldPath.Parse).ToList(), newValue is not null,
                newValue is null ? null : JsonValue.Create(newValue), null),
            new RuleAction(types, rel, null, null, null),
            severity);

    static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A string or a list of strings (other items ignored); null when absent or of another shape.</summary>
    static List<string>? Texts(JsonNode? node) => node switch
    {
        JsonArray list => list.Select(Text).OfType<string>().ToList(),
        JsonValue when Text(node) is { } single => [single],
        _ => null,
    };
}
