using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Builder;

/// <summary>
/// A builder prototype (context-repo-format §12): an entity of <see cref="EntityType"/> with <c>{{key}}</c>
/// placeholders in its text, described by the file's <c>_template</c> block (which is not part of
/// <see cref="Prototype"/>). <see cref="Id"/> is the file name without <c>.yaml</c>, e.g. <c>feature-crud</c>.
/// </summary>
public sealed partial record BuilderTemplate(
    string Id, RepoPath Path, string Name, string Description, EntityType EntityType, string? Icon, JsonObject Prototype)
{
    /// <summary>
    /// The entity this template builds from <paramref name="values"/> (<c>id</c>, <c>title</c>, <c>domain</c>,
    /// <c>feature</c> and whatever else the user entered). Every top-level text, number or boolean in
    /// <paramref name="values"/> fills the <c>{{key}}</c> placeholders inside the prototype's strings —
    /// in the parsed tree, never in YAML text, so quotes and backslashes in values are safe. A value whose
    /// key is also a field of the prototype replaces that field (mappings merge, the user's keys winning),
    /// because what the user entered wins over what the template proposes; other keys only fill placeholders.
    /// Placeholders nobody filled stay as they are and are listed.
    /// </summary>
    public BuiltEntity Apply(JsonObject values)
    {
        var data = Prototype.DeepClone().AsObject();
        var entered = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        foreach (var (key, value) in values)
            if (value is not null && data.ContainsKey(key))
                data[key] = Merge(data[key], value, entered);

        var fills = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
            if (Text(value) is { } text)
                fills[key] = text;
        var unresolved = new List<string>();
        Fill(data, fills, entered, unresolved);
        return new BuiltEntity(data, unresolved);
    }

    static JsonNode Merge(JsonNode? proposed, JsonNode value, HashSet<JsonNode> entered)
    {
        if (proposed is JsonObject mapping && value is JsonObject overrides)
        {
            foreach (var (key, child) in overrides)
            {
                if (child is null)
                    mapping[key] = null;
                else
                    mapping[key] = Merge(mapping[key], child, entered);
            }
            return mapping;
        }
        var copy = value.DeepClone();
        entered.Add(copy);
        return copy;
    }

    static string? Text(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>Replaces placeholders inside every string of the tree, except in values the user entered.</summary>
    static JsonNode? Fill(JsonNode? node, Dictionary<string, string> fills, HashSet<JsonNode> entered, List<string> unresolved)
    {
        if (node is null || entered.Contains(node))
            return node;
        switch (node)
        {
            case JsonObject mapping:
                foreach (var key in mapping.Select(p => p.Key).ToList())
                {
                    var child = mapping[key];
                    var filled = Fill(child, fills, entered, unresolved);
                    if (!ReferenceEquals(filled, child))
                        mapping[key] = filled;
                }
                return mapping;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var child = list[i];
                    var filled = Fill(child, fills, entered, unresolved);
                    if (!ReferenceEquals(filled, child))
                        list[i] = filled;
                }
                return list;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var replaced = Placeholder().Replace(text, match =>
                {
                    var name = match.Groups[1].Value;
                    if (fills.TryGetValue(name, out var fill))
                        return fill;
                    if (!unresolved.Contains(name))
                        unresolved.Add(name);
                    return match.Value;
                });
                return replaced == text ? value : JsonValue.Create(replaced);
            default:
                return node;
        }
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>What applying a builder template gives: the entity data and the placeholders nothing filled.</summary>
public sealed record BuiltEntity(JsonObject Data, IReadOnlyList<string> UnresolvedPlaceholders);
