using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextKit.Web.Components.Pages.Entity;

/// <summary>
/// The data an entity form edits: a copy of the entity's JSON tree, read and written by dotted field paths.
/// Fields the form does not show (undeclared ones) pass through untouched, so saving changes only what was edited.
/// </summary>
public sealed class EntityData(JsonObject data)
{
    public JsonObject Data { get; } = data;

    public static EntityData Parse(string json) => new(JsonNode.Parse(json) as JsonObject ?? new JsonObject());

    public JsonNode? Get(string path)
    {
        JsonNode? node = Data;
        foreach (var segment in path.Split('.'))
            node = node is JsonObject obj ? obj[segment] : null;
        return node;
    }

    /// <summary>Sets a field, creating the objects on the way; null removes it.</summary>
    public void Set(string path, JsonNode? value)
    {
        var segments = path.Split('.');
        var parent = Data;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not JsonObject next)
            {
                if (value is null)
                    return;
                next = new JsonObject();
                parent[segment] = next;
            }
            parent = next;
        }
        if (value is null)
            parent.Remove(segments[^1]);
        else
            parent[segments[^1]] = value;
    }

    /// <summary>A string field's text; other scalars as their JSON text, lists and maps as null.</summary>
    public string? Text(string path) => Get(path) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>Sets a text field; blank text removes the field rather than writing an empty string.</summary>
    public void SetText(string path, string? text) => Set(path, string.IsNullOrEmpty(text) ? null : JsonValue.Create(text));

    /// <summary>The strings of a list field (a single string counts as a one-item list).</summary>
    public IReadOnlyList<string> Items(string path) => Get(path) switch
    {
        JsonArray list => list.Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : n?.ToJsonString() ?? "null").ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    public void SetItems(string path, IReadOnlyList<string> items) => Set(path, new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()));

    public double? Number(string path) =>
        Get(path) is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    public void SetNumber(string path, double? number) =>
        Set(path, number is null ? null : number == Math.Floor(number.Value) && Math.Abs(number.Value) < 1e15 ? JsonValue.Create((long)number.Value) : JsonValue.Create(number.Value));

    public bool? Flag(string path) => Get(path) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    public void SetFlag(string path, bool value) => Set(path, JsonValue.Create(value));

    /// <summary>The field as indented JSON text, for fields edited as JSON.</summary>
    public string Json(string path) => Get(path)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "";

    /// <summary>Sets a field from JSON text; false (and nothing changed) when the text is not JSON.</summary>
    public bool TrySetJson(string path, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Set(path, null);
            return true;
        }
        try
        {
            Set(path, JsonNode.Parse(text));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
