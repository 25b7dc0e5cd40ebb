using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Editing;

/// <summary>
/// Writes a new entity file (context-repo-format §2 "Writing"): block style, keys in schema
/// <c>properties</c> order (<see cref="SchemaPropertyOrder"/>) and then the rest as the data has them,
/// two-space indent, ambiguous strings quoted, <c>''</c> for an empty string, <c>[]</c> and <c>{}</c> for
/// empty collections, lists as block sequences and multi-line text as literal blocks.
/// </summary>
public static class YamlWriter
{
    /// <summary>The file text for <paramref name="data"/>; it always reads back as exactly that data.</summary>
    /// <exception cref="ArgumentException">The data holds text with unpaired surrogates or a number JSON cannot spell.</exception>
    public static string Write(JsonObject data, IReadOnlyList<string>? propertyOrder = null) =>
        Write(data, PropertyOrder.From(propertyOrder), "\n");

    /// <exception cref="ArgumentException">The data holds a value no YAML file can (see <see cref="YamlScalarText.EnsureWritable"/>).</exception>
    internal static string Write(JsonObject data, PropertyOrder? order, string newline)
    {
        YamlScalarText.EnsureWritable(data);
        var text = data.Count == 0 ? "{}" + newline : new YamlBlockRenderer(newline).Entries(data, 0, order) + newline;
        if (!ReadsBackAs(text, data))
            throw new YamlEditException("Internal error: the written YAML does not read back as the data it was written from.");
        return text;
    }

    /// <summary>True when <paramref name="text"/> loads (as the entity loader loads it) to data equal to <paramref name="data"/>.</summary>
    internal static bool ReadsBackAs(string text, JsonObject data)
    {
        var parsed = YamlDocumentParser.Parse(text);
        return parsed.Ok && DataEquality.Equal(YamlToJson.Convert(parsed.Root!).Data, data);
    }
}
