using System.Text.Json.Nodes;

namespace ContextKit.Domain.Editing;

/// <summary>
/// Reads the key order a JSON Schema declares (context-repo-format §2 "Writing": new files list keys in
/// schema <c>properties</c> order) as dotted paths: <c>id</c>, <c>related</c>, <c>related.feature</c>,
/// and <c>principles[].id</c> for the properties of list items. Local <c>$ref</c>s and
/// <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c> branches are followed.
/// </summary>
public static class SchemaPropertyOrder
{
    const int MaxDepth = 32;

    public static IReadOnlyList<string> Read(JsonNode? schema)
    {
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (schema is JsonObject root)
            Walk(root, root, "", paths, seen, [], 0);
        return paths;
    }

    static void Walk(JsonObject root, JsonObject node, string path, List<string> paths, HashSet<string> seen, HashSet<string> refs, int depth)
    {
        if (depth > MaxDepth)
            return;
        if (node["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target)
            && Resolve(root, target) is { } resolved && refs.Add(target))
        {
            Walk(root, resolved, path, paths, seen, refs, depth + 1);
            refs.Remove(target);
        }
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, sub) in properties)
            {
                var child = path.Length == 0 ? name : path + "." + name;
                if (seen.Add(child))
                    paths.Add(child);
                if (sub is JsonObject subSchema)
                    Walk(root, subSchema, child, paths, seen, refs, depth + 1);
            }
        }
        if (node["items"] is JsonObject items && path.Length > 0)
            Walk(root, items, path + "[]", paths, seen, refs, depth + 1);
        foreach (var combinator in (string[])["allOf", "anyOf", "oneOf"])
            if (node[combinator] is JsonArray branches)
                foreach (var branch in branches.OfType<JsonObject>())
                    Walk(root, branch, path, paths, seen, refs, depth + 1);
    }

    /// <summary>A reference inside the same schema (<c>#/$defs/x</c>, <c>#/definitions/x</c>); other documents are not fetched.</summary>
    static JsonObject? Resolve(JsonObject root, string reference)
    {
        if (!reference.StartsWith('#'))
            return null;
        JsonNode? node = root;
        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            node = node is JsonObject obj ? obj[segment] : null;
            if (node is null)
                return null;
        }
        return node as JsonObject;
    }
}
