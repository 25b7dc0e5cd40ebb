using ContextKit.Domain.Graph;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;

namespace ContextKit.Domain.Prompts;

/// <summary>
/// What a prompt template sees (context-repo-format §8): the entity's fields plus <c>_type</c>, <c>_file</c>,
/// <c>timestamp</c> and <c>_related</c>; and what the checklist template sees: <c>{entity, entityType,
/// timestamp, outputFile}</c>. Handlebars reads plain dictionaries and lists, so the entity's JSON is turned into those.
/// </summary>
internal static class PromptContext
{
    public static TemplateFields ForPrompt(EntityRecord entity, IReadOnlyList<RelatedEntity> related, string timestamp)
    {
        var context = Fields(entity);
        context["_type"] = entity.Type.Name;
        context["_file"] = entity.Path.Value;
        context["timestamp"] = timestamp;
        context["_related"] = related.Select(r => new TemplateFields
        {
            ["id"] = r.Id,
            ["type"] = r.Type,
            ["title"] = r.Title,
            ["status"] = r.Status,
            ["rel"] = r.Rel,
        }).ToList();
        return context;
    }

    public static TemplateFields ForChecklist(EntityRecord entity, string timestamp, string outputFile) => new()
    {
        ["entity"] = Fields(entity),
        ["entityType"] = entity.Type.Name,
        ["timestamp"] = timestamp,
        ["outputFile"] = outputFile,
    };

    /// <summary>UTC ISO 8601 with milliseconds, as JavaScript's <c>toISOString</c> writes it.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static TemplateFields Fields(EntityRecord entity) => Fields(entity.Data);

    static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => Fields(obj),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value => Scalar(value),
        _ => null,
    };

    static TemplateFields Fields(JsonObject obj)
    {
        var fields = new TemplateFields();
        foreach (var (key, value) in obj)
            fields[key] = Plain(value);
        return fields;
    }

    static object? Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.TryGetValue<long>(out var whole) => whole,
        JsonValueKind.Number when value.TryGetValue<double>(out var real) => real,
        JsonValueKind.Number when value.TryGetValue<decimal>(out var big) => big,
        _ => value.ToJsonString(),
    };
}
