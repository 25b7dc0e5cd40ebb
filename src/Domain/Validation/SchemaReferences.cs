using System.Text.Json;
using Json.Schema;

namespace ContextKit.Domain.Validation;

/// <summary>
/// Checks that every <c>$ref</c> of a schema document leads somewhere: a JSON pointer or anchor inside this
/// document or one of its embedded <c>$id</c> resources, or a schema the registry knows (the meta-schemas).
/// Nothing is ever fetched.
/// </summary>
static class SchemaReferences
{
    // Keywords whose values are data, not subschemas: a "$ref" key inside them is not a reference.
    static readonly HashSet<string> DataKeywords = ["enum", "const", "examples", "default"];

    /// <summary>The first reference, as written, that cannot be resolved; null when all can.</summary>
    public static string? FirstUnresolvable(JsonElement document, Uri baseUri, SchemaRegistry registry)
    {
        var resources = new Dictionary<string, (JsonElement Root, HashSet<string> Anchors)>(StringComparer.Ordinal);
        var references = new List<(Uri Base, string Reference)>();
        Collect(document, baseUri, document, resources, references);
        foreach (var (origin, reference) in references)
        {
            if (!Uri.TryCreate(origin, reference, out var target))
                return reference;
            var resource = target.GetLeftPart(UriPartial.Query);
            var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
            if (resources.TryGetValue(resource, out var local))
            {
                if (!Resolves(local.Root, local.Anchors, fragment))
                    return reference;
            }
            else if (registry.Get(new Uri(resource)) is null)
                return reference;
        }
        return null;
    }

    static void Collect(JsonElement node, Uri current, JsonElement resourceRoot,
        Dictionary<string, (JsonElement, HashSet<string>)> resources, List<(Uri, string)> references)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
                Collect(item, current, resourceRoot, resources, references);
            return;
        }
        if (node.ValueKind != JsonValueKind.Object)
            return;
        if (node.TryGetProperty("$id", out var id) && id.ValueKind == JsonValueKind.String && Uri.TryCreate(current, id.GetString(), out var declared))
        {
            if (declared.Fragment.Length > 1 && id.GetString()!.StartsWith('#'))
                Anchors(resources, current, resourceRoot).Add(declared.Fragment[1..]);  // draft-07 anchor: "$id": "#name"
            else
            {
                current = declared;
                resourceRoot = node;
            }
        }
        var anchors = Anchors(resources, current, resourceRoot);
        foreach (var keyword in new[] { "$anchor", "$dynamicAnchor" })
            if (node.TryGetProperty(keyword, out var anchor) && anchor.ValueKind == JsonValueKind.String)
                anchors.Add(anchor.GetString()!);
        foreach (var property in node.EnumerateObject())
        {
            if (property.Name is "$ref" or "$dynamicRef" && property.Value.ValueKind == JsonValueKind.String)
                references.Add((current, property.Value.GetString()!));
            else if (!DataKeywords.Contains(property.Name))
                Collect(property.Value, current, resourceRoot, resources, references);
        }
    }

    static HashSet<string> Anchors(Dictionary<string, (JsonElement Root, HashSet<string> Anchors)> resources, Uri current, JsonElement root)
    {
        var key = current.GetLeftPart(UriPartial.Query);
        if (!resources.TryGetValue(key, out var entry))
            resources[key] = entry = (root, new HashSet<string>(StringComparer.Ordinal));
        return entry.Anchors;
    }

    static bool Resolves(JsonElement root, HashSet<string> anchors, string fragment)
    {
        if (fragment.Length == 0)
            return true;
        if (fragment[0] != '/')
            return anchors.Contains(fragment);
        var current = root;
        foreach (var segment in JsonPointers.Split(fragment))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
                current = child;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i >= 0 && i < current.GetArrayLength())
                current = current[i];
            else
                return false;
        }
        return true;
    }
}
