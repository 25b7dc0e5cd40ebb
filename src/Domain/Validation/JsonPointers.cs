using System.Globalization;
using System.Text.Json.Nodes;

namespace ContextKit.Domain.Validation;

/// <summary>JSON pointers (RFC 6901) as plain strings: <c>""</c> is the root, <c>/related/feature</c> a member.</summary>
static class JsonPointers
{
    public static IReadOnlyList<string> Split(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(Unescape).ToList();

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");

    public static string Parent(string pointer) => pointer.Length == 0 ? "" : pointer[..pointer.LastIndexOf('/')];

    public static string Last(string pointer) => pointer.Length == 0 ? "" : Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);

    public static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        var current = root;
        foreach (var segment in Split(pointer))
        {
            current = current switch
            {
                JsonObject map => map[segment],
                JsonArray list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count => list[i],
                _ => null,
            };
            if (current is null)
                return null;
        }
        return current;
    }
}
