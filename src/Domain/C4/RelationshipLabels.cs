using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>
/// What a relationship's label and technology say about the contract (context-repo-format §10): the REST path
/// (the first <c>/…</c> token after <c>REST</c> or an HTTP verb, or the label's own leading <c>/…</c>), and the
/// events emitted (<c>emit(s)</c>, <c>publish(es)</c>) or consumed (<c>consume(s)</c>, <c>subscribe(s)</c>), each
/// optionally followed by "to" (<c>subscribes to invoice.created.v1</c>).
/// </summary>
internal static partial class RelationshipLabels
{
    public const string DefaultDescription = "depends on";

    public static C4Relationship Relationship(
        string source, string target, string? label, string? tech,
        bool bidirectional = false, string? direction = null, string? tags = null, string? link = null)
    {
        var description = string.IsNullOrWhiteSpace(label) ? DefaultDescription : label.Trim();
        var texts = new[] { label, tech }.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
        var emit = Names(texts, Emits());
        var consume = Names(texts, Consumes());
        return new C4Relationship(
            source, target, description,
            Tech: string.IsNullOrWhiteSpace(tech) ? null : tech.Trim(),
            RestPath: texts.Select(RestPath).FirstOrDefault(p => p is not null),
            Emit: emit.Count > 0 ? emit : null,
            Consume: consume.Count > 0 ? consume : null,
            Bidirectional: bidirectional ? true : null,
            Direction: direction,
            Tags: tags,
            Link: link);
    }

    public static string? RestPath(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('/'))
            return Path().Match(trimmed).Value;
        var after = RestPathAfterVerb().Match(trimmed);
        return after.Success ? after.Groups["path"].Value : null;
    }

    static List<string> Names(IEnumerable<string> texts, Regex verbs) =>
        texts.SelectMany(t => verbs.Matches(t))
            .Select(m => m.Groups["name"].Value.TrimEnd('.'))
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"^/[^\s,;""']*")]
    private static partial Regex Path();

    [GeneratedRegex(@"\b(?:REST|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b.*?(?<![^\s(])(?<path>/[^\s,;""')]*)", RegexOptions.IgnoreCase)]
    private static partial Regex RestPathAfterVerb();

    [GeneratedRegex(@"\b(?:emits?|publish(?:es)?)(?:\s+to)?\s+(?<name>[A-Za-z0-9._-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Emits();

    [GeneratedRegex(@"\b(?:consumes?|subscribes?)(?:\s+to)?\s+(?<name>[A-Za-z0-9._-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Consumes();
}
