using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextKit.Domain.Impact;

/// <summary>
/// Comparisons of JSON values as context-repo-format §5.2 and §7 define them: <c>equals</c> on scalars
/// (strings ordinal, numbers numeric so <c>1</c> = <c>1.0</c>, booleans, null = null), a deep comparison
/// built on it (maps by key, in any order; lists by index), and the <c>exists</c> test.
/// </summary>
public static class JsonEquality
{
    /// <summary>§5.2 <c>equals</c>: both present scalars (or null) of the same kind and equal; missing, lists and maps equal nothing.</summary>
    public static bool ScalarEquals(Lookup left, JsonNode? right) =>
        left.Present && left.Value is not (JsonObject or JsonArray) && right is not (JsonObject or JsonArray) && ScalarEquals(left.Value, right);

    /// <summary>Deep comparison: missing equals only missing; present values compare with <see cref="DeepEquals(JsonNode?, JsonNode?)"/>.</summary>
    public static bool DeepEquals(Lookup left, Lookup right) =>
        left.Present == right.Present && (!left.Present || DeepEquals(left.Value, right.Value));

    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (JsonObject a, JsonObject b):
                if (a.Count != b.Count)
                    return false;
                foreach (var (key, value) in a)
                    if (!b.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                        return false;
                return true;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count)
                    return false;
                for (var i = 0; i < a.Count; i++)
                    if (!DeepEquals(a[i], b[i]))
                        return false;
                return true;
            case (JsonObject or JsonArray, _) or (_, JsonObject or JsonArray):
                return false;
            default:
                return ScalarEquals(left, right);
        }
    }

    /// <summary>§5.2 <c>exists</c>: present and not null; a string needs a non-whitespace character, a list an element, a map a key.</summary>
    public static bool Exists(Lookup value) => value.Present && value.Value switch
    {
        null => false,
        JsonArray list => list.Count > 0,
        JsonObject map => map.Count > 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => !string.IsNullOrWhiteSpace(v.GetValue<string>()),
        _ => true,
    };

    /// <summary>The JSON type name of a value: string, number, boolean, null, array or object.</summary>
    public static string TypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
    };

    static bool ScalarEquals(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
            return left is null && right is null;
        var kind = left.GetValueKind();
        if (kind != right.GetValueKind())
            return false;
        return kind switch
        {
            JsonValueKind.String => string.Equals(left.GetValue<string>(), right.GetValue<string>(), StringComparison.Ordinal),
            JsonValueKind.Number => NumbersEqual(left.ToJsonString(), right.ToJsonString()),
            _ => true, // true = true, false = false: the kind says it all.
        };
    }

    static bool NumbersEqual(string left, string right)
    {
        const NumberStyles style = NumberStyles.Float;
        var inv = CultureInfo.InvariantCulture;
        // decimal keeps integers and short fractions exact; beyond its range compare as doubles.
        if (decimal.TryParse(left, style, inv, out var a) && decimal.TryParse(right, style, inv, out var b))
            return a == b;
        return double.TryParse(left, style, inv, out var x) && double.TryParse(right, style, inv, out var y) && x.Equals(y);
    }
}
