using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;

namespace ContextKit.Domain.Relations;

/// <summary>
/// One row of the relation table (context-repo-format §4): a field of one entity type that names other
/// entities, what it may name, whether a bad value is an error (typed) or a warning (free), and the
/// graph edge it makes. <see cref="Reverse"/> edges point from the named entity to the declaring one
/// (a user story's <c>feature</c> makes <c>FEAT -has-story-&gt; US</c>).
/// </summary>
public sealed record RelationField(
    EntityType Declaring,
    string Field,
    bool Typed,
    IReadOnlyList<EntityType> Expected,
    string? Rel,
    bool Reverse = false,
    bool TrimVersion = false)
{
    readonly string[] segments = Field.Split('.');

    /// <summary>How messages name the expected target: "feature", "service or package".</summary>
    public string ExpectedLabel => string.Join(" or ", Expected.Select(t => t.Label));

    /// <summary>
    /// The ids this field of <paramref name="data"/> names: a string, or the strings of a list.
    /// Values of another shape are the schema check's business and are skipped here.
    /// </summary>
    public IEnumerable<string> References(JsonObject data) => Values(data).Select(v => v.Id);

    /// <summary>The ids this field names, each with the JSON pointer of the value that names it (for positions).</summary>
    public IEnumerable<(string Id, string Pointer)> Values(JsonObject data)
    {
        JsonNode? node = data;
        foreach (var segment in segments)
            node = node is JsonObject obj ? obj[segment] : null;
        var pointer = "/" + string.Join('/', segments.Select(Entities.SourcePositions.Escape));
        var values = node is JsonArray list ? list.Select((v, i) => (v, $"{pointer}/{i}")) : [(node, pointer)];
        foreach (var (value, at) in values)
        {
            if (value is not JsonValue scalar || !scalar.TryGetValue<string>(out var text))
                continue;
            // "svc-user-api@^2.0.0" names svc-user-api.
            var id = TrimVersion && text.Contains('@') ? text[..text.IndexOf('@')].Trim() : text.Trim();
            if (id.Length > 0)
                yield return (id, at);
        }
    }
}
