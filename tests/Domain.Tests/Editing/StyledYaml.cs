using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;

namespace ContextKit.Domain.Tests.Editing;

/// <summary>
/// Writes data the many ways people write YAML by hand — comments above and after values, blank lines,
/// plain, quoted and literal scalars, flow and block collections, indented and indentless lists, compact
/// and open list items — driven by a list of choices, so that property tests can explore the styles.
/// </summary>
sealed class StyledYaml(int[] choices)
{
    readonly StringBuilder text = new();
    int next;

    public static string Render(JsonObject data, int[] choices)
    {
        var writer = new StyledYaml(choices.Length == 0 ? [0] : choices);
        if (data.Count == 0)
            return "{}\n";
        if (writer.Chance(20))
            writer.text.Append("# file header\n");
        writer.Mapping(data, 0, compactFirst: false);
        writer.text.Append('\n');
        if (writer.Chance(20))
            writer.text.Append("# trailing comment\n");
        return writer.text.ToString();
    }

    int Choice(int range) => choices[next++ % choices.Length] % range;

    bool Chance(int percent) => Choice(100) < percent;

    void Mapping(JsonObject mapping, int indent, bool compactFirst)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            if (!first || !compactFirst)
            {
                if (!first)
                    text.Append('\n');
                if (Chance(15))
                    text.Append(' ', indent).Append("# about ").Append(key).Append('\n');
                if (Chance(10))
                    text.Append('\n');
                text.Append(' ', indent);
            }
            first = false;
            text.Append(YamlScalarText.Key(key)).Append(':');
            AfterIndicator(value, indent, isKey: true);
        }
    }

    void Sequence(JsonArray sequence, int dashIndent, bool compactFirst)
    {
        var first = true;
        foreach (var item in sequence)
        {
            if (!first || !compactFirst)
            {
                if (!first)
                    text.Append('\n');
                if (Chance(10))
                    text.Append(' ', dashIndent).Append("# item\n");
                text.Append(' ', dashIndent);
            }
            first = false;
            text.Append('-');
            AfterIndicator(item, dashIndent, isKey: false);
        }
    }

    void AfterIndicator(JsonNode? value, int column, bool isKey)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } mapping when Chance(20):
                text.Append(' ').Append(Flow(mapping));
                Comment();
                return;
            case JsonObject { Count: > 0 } mapping when !isKey && Chance(60):
                text.Append(' ');
                Mapping(mapping, column + 2, compactFirst: true);
                return;
            case JsonObject { Count: > 0 } mapping:
                Comment();
                text.Append('\n');
                Mapping(mapping, column + 2, compactFirst: false);
                return;
            case JsonArray { Count: > 0 } sequence when Chance(25):
                text.Append(' ').Append(Flow(sequence));
                Comment();
                return;
            case JsonArray { Count: > 0 } sequence when !isKey && Chance(50):
                text.Append(' ');
                Sequence(sequence, column + 2, compactFirst: true);
                return;
            case JsonArray { Count: > 0 } sequence:
                Comment();
                text.Append('\n');
                Sequence(sequence, isKey && Chance(30) ? column : column + 2, compactFirst: false);
                return;
            case JsonObject:
                text.Append(" {}");
                Comment();
                return;
            case JsonArray:
                text.Append(" []");
                Comment();
                return;
        }
        if (YamlScalarText.KindOf(value) == JsonValueKind.Null)
        {
            text.Append(Choice(3) switch { 0 => "", 1 => " null", _ => " ~" });
            Comment();
            return;
        }
        if (YamlScalarText.KindOf(value) == JsonValueKind.String)
        {
            var s = YamlScalarText.StringOf(value!);
            if (YamlScalarText.CanBeBlock(s) && (s.Contains('\n') ? Chance(80) : Chance(10)))
            {
                text.Append(' ').Append(Chance(30) && !s.TrimEnd('\n').Contains('\n')
                    ? YamlScalarText.Folded(s, column + 2, "\n")
                    : YamlScalarText.Literal(s, column + 2, "\n"));
                return;
            }
        }
        text.Append(' ').Append(Scalar(value, flow: false));
        Comment();
    }

    void Comment()
    {
        if (Chance(20))
            text.Append(Choice(2) == 0 ? " # note" : "   # aligned note");
    }

    string Scalar(JsonNode? value, bool flow)
    {
        if (YamlScalarText.KindOf(value) != JsonValueKind.String)
            return YamlScalarText.Inline(value, flow);
        var s = YamlScalarText.StringOf(value!);
        var plain = YamlScalarText.IsPlainSafe(s, flow);
        var singleOk = !s.Any(c => c < ' ' || c is '\u007f' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c));
        return Choice(3) switch
        {
            0 when plain => s,
            1 when singleOk => YamlScalarText.SingleQuoted(s),
            _ => YamlScalarText.DoubleQuoted(s),
        };
    }

    string Flow(JsonNode? value) => value switch
    {
        JsonObject mapping => "{" + string.Join(", ", mapping.Select(p => YamlScalarText.Key(p.Key, flow: true) + ": " + Flow(p.Value))) + "}",
        JsonArray sequence => "[" + string.Join(", ", sequence.Select(Flow)) + "]",
        _ => Scalar(value, flow: true),
    };
}
