using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextKit.Domain.Compliance;

/// <summary>
/// How compliance rules (context-repo-format §5.2) see JSON values — the kind of a value, scalar equality
/// (strings ordinal, numbers numeric so <c>1</c> = <c>1.0</c>, booleans, null) and the text of a scalar as a
/// JavaScript program would print it. Impact's field diff (§7) compares scalars with the same <c>equals</c>.
/// </summary>
public static class JsonScalars
{
    public enum Kind { Null, String, Number, Boolean, List, Map }

    public static Kind KindOf(JsonNode? node) => node switch
    {
        null => Kind.Null,
        JsonObject => Kind.Map,
        JsonArray => Kind.List,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => Kind.String,
            JsonValueKind.Number => Kind.Number,
            JsonValueKind.True or JsonValueKind.False => Kind.Boolean,
            _ => Kind.Null,
        },
        _ => Kind.Null,
    };

    /// <summary>Scalar equality of §5.2 <c>equals</c>: same kind and equal; lists and maps never equal anything.</summary>
    public static bool ScalarEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b))
            return false;
        return kind switch
        {
            Kind.Null => true,
            Kind.String => string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal),
            Kind.Number => NumbersEqual(a!.AsValue(), b!.AsValue()),
            Kind.Boolean => a!.GetValue<bool>() == b!.GetValue<bool>(),
            _ => false,
        };
    }

    /// <summary>Deep equality with numeric numbers, as JavaScript's deep-equal libraries compare parsed JSON.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b))
            return false;
        switch (kind)
        {
            case Kind.List:
                var left = a!.AsArray();
                var right = b!.AsArray();
                if (left.Count != right.Count)
                    return false;
                for (var i = 0; i < left.Count; i++)
                    if (!DeepEquals(left[i], right[i]))
                        return false;
                return true;
            case Kind.Map:
                var l = a!.AsObject();
                var r = b!.AsObject();
                if (l.Count != r.Count)
                    return false;
                foreach (var (key, value) in l)
                    if (!r.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                        return false;
                return true;
            default:
                return ScalarEquals(a, b);
        }
    }

    /// <summary>The number a JSON number holds, as a double.</summary>
    public static double Number(JsonValue value)
    {
        if (value.TryGetValue<long>(out var whole))
            return whole;
        if (value.TryGetValue<double>(out var real))
            return real;
        if (value.TryGetValue<decimal>(out var big))
            return (double)big;
        if (value.TryGetValue<int>(out var small))
            return small;
        if (value.TryGetValue<JsonElement>(out var element) && element.TryGetDouble(out var parsed))
            return parsed;
        return double.NaN;
    }

    static bool NumbersEqual(JsonValue a, JsonValue b)
    {
        // Whole numbers compare exactly; anything else compares as doubles, as JavaScript would.
        if (a.TryGetValue<long>(out var x) && b.TryGetValue<long>(out var y))
            return x == y;
        return Number(a) == Number(b);
    }

    /// <summary>
    /// The text of a scalar: strings as they are, numbers in invariant JavaScript notation
    /// (<c>1.0</c> → <c>1</c>, <c>1e21</c> → <c>1e+21</c>), <c>true</c>/<c>false</c>, <c>null</c>.
    /// Null for lists and maps.
    /// </summary>
    public static string? Text(JsonNode? node) => KindOf(node) switch
    {
        Kind.Null => "null",
        Kind.String => node!.GetValue<string>(),
        Kind.Boolean => node!.GetValue<bool>() ? "true" : "false",
        Kind.Number => node!.AsValue().TryGetValue<long>(out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : NumberText(Number(node.AsValue())),
        _ => null,
    };

    /// <summary>A double in JavaScript's <c>String(n)</c> notation.</summary>
    public static string NumberText(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "Infinity" : "-Infinity";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e21)
            return value.ToString("F0", CultureInfo.InvariantCulture);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        if (e < 0)
            return text;
        // .NET writes 1E+21 and 1E-07; JavaScript writes 1e+21 and 1e-7.
        var mantissa = text[..e];
        var sign = text[e + 1];
        var digits = text[(e + 2)..].TrimStart('0');
        return $"{mantissa}e{sign}{(digits.Length == 0 ? "0" : digits)}";
    }
}
