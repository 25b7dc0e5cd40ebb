using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContextKit.Domain.Entities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ContextKit.Domain.Editing;

/// <summary>
/// How one JSON scalar is spelled in YAML so that it reads back as the same value under the YAML 1.2 core
/// schema (<see cref="YamlToJson"/>). Strings stay plain only when nothing could mistake them for anything
/// else — including YAML 1.1 readers such as the desktop app's, which take <c>yes</c> for a boolean and
/// <c>2025-01-01</c> for a date.
/// </summary>
static partial class YamlScalarText
{
    /// <summary>The JSON kind of a value, with a null node counted as null.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsScalar(JsonNode? node) => KindOf(node) is not (JsonValueKind.Object or JsonValueKind.Array);

    /// <summary>The text of a string value, whatever CLR type backs the node.</summary>
    public static string StringOf(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(node.ToJsonString())!;

    /// <summary>
    /// A single-line spelling of a scalar: numbers, booleans and null as themselves; strings plain when
    /// that is safe, else quoted (single quotes kept when the original used them, or for text with
    /// backslashes or double quotes that needs no escapes).
    /// </summary>
    /// <param name="originalText">The string the scalar held before, when it was plain: a plain date or version stays plain when replaced by another.</param>
    public static string Inline(JsonNode? value, bool flow, ScalarStyle? original = null, string? originalText = null)
    {
        switch (KindOf(value))
        {
            case JsonValueKind.Null:
                return "null";
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                return NumberText(value!);
            case JsonValueKind.String:
                return InlineString(StringOf(value!), flow, original, originalText);
            default:
                throw new ArgumentException("Only scalars have an inline spelling.", nameof(value));
        }
    }

    /// <summary>
    /// Refuses data no YAML file can hold: text with unpaired surrogates (not encodable in UTF-8) and numbers
    /// JSON itself has no spelling for.
    /// </summary>
    /// <exception cref="ArgumentException">Says which value, by JSON pointer.</exception>
    public static void EnsureWritable(JsonNode? node, string pointer = "")
    {
        switch (node)
        {
            case JsonObject mapping:
                foreach (var (key, value) in mapping)
                {
                    var child = pointer + "/" + SourcePositions.Escape(key);
                    if (HasLoneSurrogate(key))
                        throw new ArgumentException($"The key at '{child}' holds an unpaired surrogate character.");
                    EnsureWritable(value, child);
                }
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                    EnsureWritable(list[i], $"{pointer}/{i}");
                break;
            case JsonValue when KindOf(node) == JsonValueKind.String:
                if (HasLoneSurrogate(StringOf(node)))
                    throw new ArgumentException($"The text at '{pointer}' holds an unpaired surrogate character.");
                break;
            case JsonValue when KindOf(node) == JsonValueKind.Number:
                NumberText(node);
                break;
        }
    }

    static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
            else if (char.IsSurrogate(s[i]))
                return true;
        }
        return false;
    }

    /// <summary>A mapping key: plain when safe, else quoted on one line.</summary>
    public static string Key(string key, bool flow = false)
    {
        // A colon inside a plain key is legal YAML, but not every reader agrees on where such a key ends.
        if (!key.Contains(':') && IsPlainSafe(key, flow))
            return key;
        return key.Length == 0 ? "''" : CanBeSingleQuoted(key) && (key.Contains('\\') || key.Contains('"')) ? SingleQuoted(key) : DoubleQuoted(key);
    }

    static string InlineString(string s, bool flow, ScalarStyle? original, string? originalText = null)
    {
        if (original is ScalarStyle.DoubleQuoted)
            return DoubleQuoted(s);
        if (original is ScalarStyle.SingleQuoted && CanBeSingleQuoted(s))
            return SingleQuoted(s);
        if (IsPlainSafe(s, flow))
            return s;
        // Someone who wrote `ratifiedOn: 2025-10-22` or `version: 1.2.0` bare chose that style; the loader
        // reads both as text, so a new date or version in the same place stays bare too.
        if (original is ScalarStyle.Plain && originalText is not null && SameShape(originalText, s) && IsPlainSafe(s, flow, allowAmbiguous: true))
            return s;
        if (s.Length == 0)
            return "''";
        return CanBeSingleQuoted(s) && (s.Contains('\\') || s.Contains('"') || original is ScalarStyle.SingleQuoted)
            ? SingleQuoted(s)
            : DoubleQuoted(s);
    }

    public static string NumberText(JsonNode value)
    {
        var text = value.ToJsonString();
        // The JSON spelling is also a YAML 1.2 core-schema number; check rather than trust it.
        return Regex.IsMatch(text, @"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
            ? text
            : throw new ArgumentException($"'{text}' is not a number YAML can hold.", nameof(value));
    }

    /// <summary>
    /// True when <paramref name="s"/> written bare reads back as this same string, in block or flow context,
    /// and could not be taken for a number, boolean, null or date by a YAML 1.1 reader either.
    /// </summary>
    public static bool IsPlainSafe(string s, bool flow) => IsPlainSafe(s, flow, allowAmbiguous: false);

    static bool SameShape(string before, string after) =>
        (DateLike().IsMatch(before) && DateLike().IsMatch(after)) || (Version().IsMatch(before) && Version().IsMatch(after));

    static bool IsPlainSafe(string s, bool flow, bool allowAmbiguous)
    {
        if (s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]))
            return false;
        if (NeedsEscapes(s))
            return false;
        var first = s[0];
        // YAML allows '?', ':' and '-' before a non-space, but readers disagree (YamlDotNet drops the ':'
        // of ":x"), so only a dash before a letter or digit stays plain.
        if ("[]{},#&*!|>'\"%@`?:".Contains(first) || (first == '-' && (s.Length == 1 || !char.IsLetterOrDigit(s[1]))))
            return false;
        if (s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal))
            return false;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':'))
            return false;
        if (flow && s.IndexOfAny([',', '[', ']', '{', '}', ':']) >= 0)
            return false;
        if (!allowAmbiguous && LooksAmbiguous(s))
            return false;
        // The last word belongs to the loader itself.
        return YamlToJson.Scalar(new YamlScalarNode(s) { Style = ScalarStyle.Plain }) is JsonValue v
               && v.TryGetValue<string>(out var back) && back == s;
    }

    /// <summary>Text some YAML reader could take for a null, boolean, number, date or merge key.</summary>
    public static bool LooksAmbiguous(string s) =>
        AmbiguousWord().IsMatch(s) || NumberLike().IsMatch(s) || RadixNumber().IsMatch(s) || DateLike().IsMatch(s) || SpecialFloat().IsMatch(s);

    static bool CanBeSingleQuoted(string s) => !NeedsEscapes(s);

    public static string SingleQuoted(string s) => "'" + s.Replace("'", "''") + "'";

    public static string DoubleQuoted(string s)
    {
        var builder = new StringBuilder(s.Length + 2).Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsSurrogate(c) && i + 1 < s.Length && char.IsSurrogatePair(c, s[i + 1]))
            {
                builder.Append(c).Append(s[++i]);
                continue;
            }
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (c < 0x20 || c is >= '\u007f' and <= '\u009f')
                        builder.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    else if (NeedsEscape(c) || char.IsSurrogate(c))
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Characters that only a double-quoted escape carries safely: control characters, the byte-order mark
    /// and YAML 1.1 line breaks (NEL, LS, PS).
    /// </summary>
    static bool NeedsEscape(char c) =>
        c < 0x20 && c != '\t' || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029' or '\uFEFF';

    /// <summary>True when some character of <paramref name="s"/> needs a double-quoted escape (a tab too, unless allowed).</summary>
    static bool NeedsEscapes(string s, bool allowTab = false)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            if (NeedsEscape(c) || char.IsSurrogate(c) || (c == '\t' && !allowTab))
                return true;
        }
        return false;
    }

    /// <summary>True when a literal or folded block scalar can hold <paramref name="s"/> without escapes or an indentation indicator.</summary>
    public static bool CanBeBlock(string s)
    {
        var body = s.TrimEnd('\n');
        if (body.Length == 0 || body[0] is ' ' or '\t' or '\n')
            return false;
        // Keeping several final line breaks needs the keep indicator (|+), which would also swallow
        // any blank lines that follow the value in the file.
        if (s.Length - body.Length > 1)
            return false;
        if (NeedsEscapes(s.Replace('\n', ' '), allowTab: true))
            return false;
        foreach (var line in body.Split('\n'))
            if (line.Length > 0 && (char.IsWhiteSpace(line[^1]) || line.All(c => c == ' ' || c == '\t')))
                return false;
        return true;
    }

    /// <summary>
    /// A literal (<c>|</c>) block scalar: the header, then each line at <paramref name="indent"/> spaces,
    /// stripped (<c>|-</c>) or clipped (<c>|</c>) to the string's final line break (see <see cref="CanBeBlock"/>).
    /// No trailing newline: the caller's text continues after it.
    /// </summary>
    public static string Literal(string s, int indent, string newline, string headerComment = "") =>
        Block('|', Body(s).Split('\n'), s, indent, newline, headerComment);

    /// <summary>
    /// A folded (<c>&gt;</c>) block scalar for one-paragraph text, wrapped at single spaces so that it folds back
    /// to the same string; text with line breaks inside is written literally instead.
    /// </summary>
    public static string Folded(string s, int indent, string newline, string headerComment = "")
    {
        var body = Body(s);
        if (body.Contains('\n'))
            return Literal(s, indent, newline, headerComment);
        return Block('>', Wrap(body, Math.Max(20, 80 - indent)), s, indent, newline, headerComment);
    }

    static string Body(string s) => s.TrimEnd('\n');

    static string Block(char indicator, IEnumerable<string> lines, string s, int indent, string newline, string headerComment)
    {
        var trailing = s.Length - s.TrimEnd('\n').Length;
        var chomping = trailing == 0 ? "-" : "";
        var builder = new StringBuilder().Append(indicator).Append(chomping).Append(headerComment);
        var pad = new string(' ', indent);
        foreach (var line in lines)
        {
            builder.Append(newline);
            if (line.Length > 0)
                builder.Append(pad).Append(line);
        }
        return builder.ToString();
    }

    static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var start = 0;
        while (text.Length - start > width)
        {
            // A break may only replace a single space between two words, or the text would not fold back.
            var at = -1;
            for (var i = start + 1; i < text.Length - 1; i++)
            {
                if (text[i] == ' ' && !char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i + 1]))
                {
                    if (i - start > width && at > 0)
                        break;
                    at = i;
                }
            }
            if (at < 0)
                break;
            lines.Add(text[start..at]);
            start = at + 1;
        }
        lines.Add(text[start..]);
        return lines;
    }

    [GeneratedRegex("^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|=|<<)$")]
    private static partial Regex AmbiguousWord();

    [GeneratedRegex(@"^[-+]?\.?[0-9][0-9_.:eE+-]*$")]
    private static partial Regex NumberLike();

    [GeneratedRegex("^[-+]?0[xXoObB][0-9a-fA-F_]+$")]
    private static partial Regex RadixNumber();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")]
    private static partial Regex DateLike();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+){2,}$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")]
    private static partial Regex SpecialFloat();
}
