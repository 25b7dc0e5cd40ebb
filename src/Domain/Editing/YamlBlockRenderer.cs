using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextKit.Domain.Editing;

/// <summary>
/// Spells JSON values as block-style YAML the way a person would write an entity file: two-space indent,
/// lists of scalars as block sequences, <c>[]</c> and <c>{}</c> for empty collections, multi-line text as
/// literal blocks. Shared by <see cref="YamlWriter"/> (new files) and <see cref="YamlEditor"/> (new parts
/// of existing files), so both write the same way.
/// </summary>
sealed class YamlBlockRenderer(string newline)
{
    const int Indent = 2;

    public string Newline { get; } = newline;

    /// <summary>The text that follows <c>key:</c> when the key stands at <paramref name="keyColumn"/>.</summary>
    public string AfterKey(JsonNode? value, int keyColumn, PropertyOrder? order)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } mapping:
                return Newline + Entries(mapping, keyColumn + Indent, order);
            case JsonArray { Count: > 0 } sequence:
                return Newline + Items(sequence, keyColumn + Indent, order?.Items);
            default:
                return " " + Leaf(value, keyColumn + Indent);
        }
    }

    /// <summary>The text that follows <c>-</c> when the dash stands at <paramref name="dashColumn"/>; collections start on the dash's line.</summary>
    public string AfterDash(JsonNode? value, int dashColumn, PropertyOrder? order)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } mapping:
                return " " + Entries(mapping, dashColumn + Indent, order)[(dashColumn + Indent)..];
            case JsonArray { Count: > 0 } sequence:
                return " " + Items(sequence, dashColumn + Indent, order?.Items)[(dashColumn + Indent)..];
            default:
                return " " + Leaf(value, dashColumn + Indent);
        }
    }

    /// <summary>A mapping's entries, one per line at <paramref name="indent"/>, without a final line break.</summary>
    public string Entries(JsonObject mapping, int indent, PropertyOrder? order)
    {
        var keys = order?.Sort(mapping.Select(p => p.Key)) ?? mapping.Select(p => p.Key);
        var builder = new StringBuilder();
        foreach (var key in keys)
        {
            if (builder.Length > 0)
                builder.Append(Newline);
            builder.Append(' ', indent).Append(Entry(key, mapping[key], indent, order?.Child(key)));
        }
        return builder.ToString();
    }

    /// <summary>One <c>key: value</c> whose key stands at <paramref name="keyColumn"/>, without its indentation.</summary>
    public string Entry(string key, JsonNode? value, int keyColumn, PropertyOrder? order) =>
        YamlScalarText.Key(key) + ":" + AfterKey(value, keyColumn, order);

    /// <summary>A sequence's items, one dash per item at <paramref name="indent"/>, without a final line break.</summary>
    public string Items(JsonArray sequence, int indent, PropertyOrder? itemOrder)
    {
        var builder = new StringBuilder();
        foreach (var item in sequence)
        {
            if (builder.Length > 0)
                builder.Append(Newline);
            builder.Append(' ', indent).Append(Item(item, indent, itemOrder));
        }
        return builder.ToString();
    }

    /// <summary>One <c>- value</c> whose dash stands at <paramref name="dashColumn"/>, without its indentation.</summary>
    public string Item(JsonNode? value, int dashColumn, PropertyOrder? itemOrder) => "-" + AfterDash(value, dashColumn, itemOrder);

    /// <summary>A scalar or an empty collection; multi-line text becomes a literal block indented to <paramref name="contentIndent"/>.</summary>
    string Leaf(JsonNode? value, int contentIndent)
    {
        switch (value)
        {
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
        }
        if (YamlScalarText.KindOf(value) == JsonValueKind.String)
        {
            var text = YamlScalarText.StringOf(value!);
            if (text.Contains('\n') && YamlScalarText.CanBeBlock(text))
                return YamlScalarText.Literal(text, contentIndent, Newline);
        }
        return YamlScalarText.Inline(value, flow: false);
    }

    /// <summary>A value in flow style on one line: <c>[a, b]</c>, <c>{k: v}</c>.</summary>
    public static string Flow(JsonNode? value, PropertyOrder? order = null)
    {
        switch (value)
        {
            case JsonObject mapping:
                var keys = order?.Sort(mapping.Select(p => p.Key)) ?? mapping.Select(p => p.Key);
                return "{" + string.Join(", ", keys.Select(k => YamlScalarText.Key(k, flow: true) + ": " + Flow(mapping[k], order?.Child(k)))) + "}";
            case JsonArray sequence:
                return "[" + string.Join(", ", sequence.Select(item => Flow(item, order?.Items))) + "]";
            default:
                return YamlScalarText.Inline(value, flow: true);
        }
    }
}
