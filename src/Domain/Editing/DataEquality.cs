using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextKit.Domain.Editing;

/// <summary>
/// Whether two entity data trees hold the same values, as a YAML file holds them: mappings compare by key
/// whatever their order, lists by position, strings ordinally, numbers by value (<c>1</c> = <c>1.0</c>),
/// booleans and nulls by kind (a JSON null node and a null reference are the same). A key that is present with
/// a null value differs from a missing key. Comments and formatting never reach the data, so a save whose data
/// is equal leaves the file alone.
/// </summary>
public static class DataEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        var kind = YamlScalarText.KindOf(a);
        if (kind != YamlScalarText.KindOf(b))
            return false;
        switch (kind)
        {
            case JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False:
                return true;
            case JsonValueKind.String:
                return string.Equals(YamlScalarText.StringOf(a!), YamlScalarText.StringOf(b!), StringComparison.Ordinal);
            case JsonValueKind.Number:
                return SameNumber(a!.ToJsonString(), b!.ToJsonString());
            case JsonValueKind.Array:
                var left = (JsonArray)a!;
                var right = (JsonArray)b!;
                if (left.Count != right.Count)
                    return false;
                for (var i = 0; i < left.Count; i++)
                    if (!Equal(left[i], right[i]))
                        return false;
                return true;
            case JsonValueKind.Object:
                var x = (JsonObject)a!;
                var y = (JsonObject)b!;
                if (x.Count != y.Count)
                    return false;
                foreach (var (key, value) in x)
                    if (!y.TryGetPropertyValue(key, out var other) || !Equal(value, other))
                        return false;
                return true;
            default:
                return false;
        }
    }

    static bool SameNumber(string a, string b)
    {
        if (a == b)
            return true;
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x == y;
        return double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
               && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && p.Equals(q);
    }
}
