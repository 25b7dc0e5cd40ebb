using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Relations;

namespace ContextKit.Web.Components.Pages.Entity;

/// <summary>How a field is edited in the entity form.</summary>
public enum FieldKind
{
    /// <summary>One line of text.</summary>
    Text,
    /// <summary>Several lines of text (descriptions, content).</summary>
    LongText,
    /// <summary>One of the schema's enum values.</summary>
    Choice,
    Number,
    Boolean,
    /// <summary>A list of strings, edited as chips.</summary>
    TextList,
    /// <summary>The id of one existing entity of the right type.</summary>
    Relation,
    /// <summary>Ids of existing entities of the right type, edited as chips.</summary>
    RelationList,
    /// <summary>An object with declared properties, shown as a section of its own fields.</summary>
    Section,
    /// <summary>Anything else (lists of objects, free-form maps): edited as JSON text.</summary>
    Json,
}

/// <summary>
/// One field of the entity form, made from a property of the type's JSON Schema. <see cref="Path"/> is dotted
/// (<c>related.feature</c>), the shape of <see cref="RelationField.Field"/> and of validation findings.
/// </summary>
public sealed record FormField(
    string Path,
    string Label,
    FieldKind Kind,
    bool Required,
    string? Description,
    IReadOnlyList<string> Choices,
    IReadOnlyList<string> RelationTypes,
    IReadOnlyList<FormField> Children)
{
    // Free text that people write in sentences gets a text area rather than a line.
    static readonly HashSet<string> LongTextNames = new(StringComparer.Ordinal)
        { "objective", "description", "content", "summary", "notes", "details", "asA", "iWant", "soThat", "justification" };

    /// <summary>
    /// The fields of an entity type's schema, in the schema's property order. Relation fields (§4) become pickers of
    /// ids of the types they may name; <c>id</c> is left out (it never changes through the form).
    /// </summary>
    public static IReadOnlyList<FormField> From(JsonObject schema, EntityType type) =>
        FieldsOf(schema, "", RelationTable.Of(type).ToDictionary(r => r.Field, StringComparer.Ordinal))
            .Where(f => f.Path != "id").ToList();

    static List<FormField> FieldsOf(JsonObject schema, string prefix, IReadOnlyDictionary<string, RelationField> relations)
    {
        var required = (schema["required"] as JsonArray)?.Select(n => n?.ToString()).ToHashSet(StringComparer.Ordinal) ?? [];
        var fields = new List<FormField>();
        if (schema["properties"] is not JsonObject properties)
            return fields;
        foreach (var (name, node) in properties)
        {
            var property = node as JsonObject ?? new JsonObject();
            var path = prefix + name;
            var description = property["description"]?.ToString();
            var choices = (property["enum"] as JsonArray)?.Select(n => n?.ToString() ?? "").ToList() ?? [];
            var type = TypeOf(property);
            relations.TryGetValue(path, out var relation);
            var relationTypes = relation?.Expected.Select(t => t.Name).ToList() ?? [];
            var itemType = property["items"] is JsonObject items ? TypeOf(items) : null;

            var kind = (type, relation) switch
            {
                (_, not null) when type == "array" || (type is null && Plural(name)) => FieldKind.RelationList,
                (_, not null) => FieldKind.Relation,
                _ when choices.Count > 0 => FieldKind.Choice,
                ("object", _) when property["properties"] is JsonObject => FieldKind.Section,
                ("array", _) when itemType is null or "string" => FieldKind.TextList,
                ("string", _) or (null, _) when LongTextNames.Contains(name) => FieldKind.LongText,
                ("string", _) => FieldKind.Text,
                ("number" or "integer", _) => FieldKind.Number,
                ("boolean", _) => FieldKind.Boolean,
                (null, _) => FieldKind.Text,
                _ => FieldKind.Json,
            };
            var children = kind == FieldKind.Section ? FieldsOf(property, path + ".", relations) : [];
            fields.Add(new FormField(path, LabelOf(name), kind, required.Contains(name), description, choices, relationTypes, children));
        }
        return fields;
    }

    static string? TypeOf(JsonObject property) => property["type"] switch
    {
        JsonValue value => value.ToString(),
        // ["string", "null"] and the like: the first non-null type decides.
        JsonArray types => types.Select(t => t?.ToString()).FirstOrDefault(t => t is not null and not "null"),
        _ => null,
    };

    // Relation fields without a declared type (task.related.userstory) are lists when their name is plural.
    static bool Plural(string name) => name.EndsWith('s');

    /// <summary>"doneCriteria" → "Done criteria", "asA" → "As a".</summary>
    public static string LabelOf(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if ((char.IsUpper(c) || c is '_' or '-') && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
            if (c is not '_' and not '-')
                current.Append(c);
        }
        if (current.Length > 0)
            words.Add(current.ToString());
        var text = string.Join(' ', words.Select(w => w.ToLowerInvariant()));
        return text.Length == 0 ? name : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
