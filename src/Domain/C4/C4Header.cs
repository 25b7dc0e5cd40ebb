using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>
/// The <c>%% c4: key=value, …</c> header line of a C4 block (context-repo-format §10). Pairs split on top-level
/// commas; a value is a <c>[…]</c> list (items split on commas and trimmed) or text up to the next top-level comma
/// with its quotes stripped. Keys other than system, level, feature, specs and stories go to <see cref="Attributes"/>.
/// </summary>
internal sealed partial record C4Header(
    string? System,
    string? Level,
    string? Feature,
    IReadOnlyList<string>? Specs,
    IReadOnlyList<string>? Stories,
    JsonObject? Attributes,
    int Line)
{
    /// <summary>The text after <c>c4:</c> when <paramref name="line"/> is a header line, else null.</summary>
    public static string? TextOf(string line)
    {
        var match = HeaderLine().Match(line);
        return match.Success ? match.Groups["pairs"].Value : null;
    }

    public static C4Header Parse(string text, int line, Action<string> warn)
    {
        string? system = null, level = null, feature = null;
        IReadOnlyList<string>? specs = null, stories = null;
        var attributes = new JsonObject();
        foreach (var pair in SplitTopLevel(text).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                warn($"Header entry '{pair}' is not key=value and was ignored");
                continue;
            }
            var key = pair[..equals].Trim();
            var raw = pair[(equals + 1)..].Trim();
            var list = IsList(raw) ? Items(raw) : null;
            var value = list is null ? Unquote(raw) : null;
            switch (key)
            {
                case "system": system = NonEmpty(value ?? string.Join(", ", list!)); break;
                case "level": level = NonEmpty(value ?? string.Join(", ", list!)); break;
                case "feature": feature = NonEmpty(value ?? (list!.Count == 1 ? list[0] : raw)); break;
                case "specs": specs = list ?? Single(value!); break;
                case "stories": stories = list ?? Single(value!); break;
                default: attributes[key] = list is null ? JsonValue.Create(value) : new JsonArray([.. list.Select(i => JsonValue.Create(i))]); break;
            }
        }
        return new C4Header(system, level, feature, specs, stories, attributes.Count > 0 ? attributes : null, line);
    }

    static bool IsList(string value) => value.StartsWith('[') && value.EndsWith(']');

    static List<string> Items(string list) =>
        SplitTopLevel(list[1..^1]).Select(Unquote).Where(i => i.Length > 0).ToList();

    static List<string> Single(string value) => value.Length > 0 ? [value] : [];

    static string? NonEmpty(string value) => value.Length > 0 ? value : null;

    /// <summary>Trims and removes one pair of surrounding double or single quotes.</summary>
    public static string Unquote(string value)
    {
        var text = value.Trim();
        if (text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0])
            text = text[1..^1].Trim();
        return text;
    }

    /// <summary>
    /// Splits on commas outside double quotes and brackets. Single quotes do not quote, so an apostrophe
    /// in a name cannot swallow the rest of the line.
    /// </summary>
    public static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '[' or '(' or '{')
                depth++;
            else if (!quoted && c is ']' or ')' or '}')
                depth = Math.Max(0, depth - 1);
            else if (!quoted && c == ',' && depth == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }

    [GeneratedRegex(@"^\s*%%\s*c4\s*:(?<pairs>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLine();
}
