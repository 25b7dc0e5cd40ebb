using System.Globalization;
using System.Text.Json;

namespace ContextKit.Domain.Validation;

/// <summary>A subschema, its location in the schema document (<c>#/properties/id</c>) and the schema object that declares it.</summary>
sealed record Located(JsonElement Schema, string Pointer, JsonElement? Parent);

/// <summary>
/// Follows an evaluation path (the keywords and names the evaluator walked, <c>$ref</c> included) through the
/// schema document to the subschema it ends at. JsonSchema.Net 8.0.5 writes some steps oddly — an
/// <c>items</c> or <c>additionalItems</c> subschema appears twice (<c>/items/items</c>), a draft-07 item tuple
/// as <c>/0/items/0</c>, names with <c>~</c> or <c>/</c> escaped twice — so the walk reads each step
/// against the schema it is in rather than trusting the path's shape.
/// </summary>
static class SchemaLocator
{
    static readonly HashSet<string> Named = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];
    static readonly HashSet<string> Indexed = ["allOf", "anyOf", "oneOf", "prefixItems"];
    static readonly HashSet<string> Doubled = ["items", "additionalItems", "unevaluatedItems"];
    static readonly HashSet<string> Single = ["additionalProperties", "unevaluatedProperties", "propertyNames", "not", "if", "then", "else", "contains"];

    public static Located? Locate(JsonElement root, IReadOnlyList<string> path)
    {
        var current = root;
        var pointer = "#";
        JsonElement? parent = null;
        var i = 0;
        while (i < path.Count)
        {
            if (current.ValueKind != JsonValueKind.Object)
                return null;
            var step = path[i];
            if (step is "$ref" or "$dynamicRef" or "$recursiveRef")
            {
                if (!current.TryGetProperty(step, out var reference) || reference.ValueKind != JsonValueKind.String
                    || Resolve(root, reference.GetString()!) is not var (target, targetPointer))
                    return null;
                parent = current;
                (current, pointer) = (target, targetPointer);
                i++;
            }
            else if (Named.Contains(step) && i + 1 < path.Count)
            {
                if (!current.TryGetProperty(step, out var map) || map.ValueKind != JsonValueKind.Object)
                    return null;
                var name = path[i + 1];
                if (!map.TryGetProperty(name, out var child) && !map.TryGetProperty(name = JsonPointers.Unescape(name), out child))
                    return null;
                parent = current;
                current = child;
                pointer += $"/{step}/{JsonPointers.Escape(name)}";
                i += 2;
            }
            else if (Indexed.Contains(step) && i + 1 < path.Count)
            {
                if (!current.TryGetProperty(step, out var list) || Element(list, path[i + 1]) is not { } child)
                    return null;
                parent = current;
                current = child;
                pointer += $"/{step}/{path[i + 1]}";
                i += 2;
            }
            else if (Doubled.Contains(step) && current.TryGetProperty(step, out var items))
            {
                if (items.ValueKind == JsonValueKind.Array)
                {
                    // Draft-07 tuple written the expected way: items/<index>.
                    if (i + 1 >= path.Count || Element(items, path[i + 1]) is not { } item)
                        return null;
                    parent = current;
                    current = item;
                    pointer += $"/{step}/{path[i + 1]}";
                    i += 2;
                    continue;
                }
                var run = 0;
                while (i + run < path.Count && path[i + run] == step)
                    run++;
                parent = current;
                current = items;
                pointer += "/" + step;
                i += run % 2 == 0 ? 2 : 1;
            }
            else if (Single.Contains(step) && current.TryGetProperty(step, out var sub))
            {
                parent = current;
                current = sub;
                pointer += "/" + step;
                i++;
            }
            else if (i + 1 < path.Count && path[i + 1] == "items" && current.TryGetProperty("items", out var tuple)
                     && tuple.ValueKind == JsonValueKind.Array && Element(tuple, step) is { } member)
            {
                // Draft-07 tuple as the library writes it: <index>/items/<index>.
                parent = current;
                current = member;
                pointer += $"/items/{step}";
                i += i + 2 < path.Count && path[i + 2] == step ? 3 : 2;
            }
            else
                return null;
        }
        return new Located(current, pointer, parent);
    }

    /// <summary>
    /// The subschema at an absolute schema location, when it lies in this document: the fallback for evaluation
    /// paths the walk cannot follow. (The library's locations are wrong below <c>items</c>, so they come second.)
    /// </summary>
    public static Located? AtLocation(JsonElement root, string documentUri, Uri location)
    {
        if (!location.IsAbsoluteUri || location.GetLeftPart(UriPartial.Query) != documentUri)
            return null;
        return Resolve(root, location.Fragment.Length == 0 ? "#" : location.Fragment) is var (schema, pointer)
            ? new Located(schema, pointer, null)
            : null;
    }

    static JsonElement? Element(JsonElement list, string index) =>
        list.ValueKind == JsonValueKind.Array && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.GetArrayLength()
            ? list[i]
            : null;

    /// <summary>A reference within the same document: <c>#</c> or <c>#/json/pointer</c>.</summary>
    static (JsonElement, string)? Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith('#'))
            return null;
        var fragment = Uri.UnescapeDataString(reference[1..]);
        if (fragment.Length > 0 && fragment[0] != '/')
            return null;
        var current = root;
        foreach (var segment in JsonPointers.Split(fragment))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
                current = child;
            else if (Element(current, segment) is { } item)
                current = item;
            else
                return null;
        }
        return (current, "#" + fragment);
    }
}
