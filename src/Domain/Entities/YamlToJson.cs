using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ContextKit.Domain.Entities;

/// <summary>
/// Turns a parsed YAML tree into JSON under the YAML 1.2 core schema as context-repo-format §2 fixes it:
/// <c>null</c>, <c>~</c> and empty plain values are null; only <c>true</c>/<c>false</c> are booleans;
/// integers and floats are numbers; everything else — quoted values, dates, versions like <c>1.0.0</c> —
/// is a string. Records each node's position on the way.
/// </summary>
public static partial class YamlToJson
{
    public static (JsonObject Data, SourcePositions Positions) Convert(YamlMappingNode root)
    {
        var positions = new SourcePositions();
        var data = (JsonObject)ConvertNode(root, "", positions)!;
        return (data, positions);
    }

    static JsonNode? ConvertNode(YamlNode node, string pointer, SourcePositions positions)
    {
        positions.AddValue(pointer, At(node.Start));
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = keyNode is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : keyNode.ToString();
                    var child = pointer + "/" + SourcePositions.Escape(key);
                    positions.AddKey(child, At(keyNode.Start));
                    obj[key] = ConvertNode(valueNode, child, positions);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                    array.Add(ConvertNode(sequence.Children[i], $"{pointer}/{i}", positions));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    /// <summary>The JSON value of one scalar under the core schema.</summary>
    public static JsonNode? Scalar(YamlScalarNode scalar) =>
        Scalar(scalar.Value ?? "", scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value);

    /// <summary>The JSON value of a scalar's text, given its style and explicit tag (null when none).</summary>
    public static JsonNode? Scalar(string text, ScalarStyle style, string? tag)
    {
        if (tag is "tag:yaml.org,2002:str")
            return JsonValue.Create(text);
        if (tag is null && style is not ScalarStyle.Plain and not ScalarStyle.Any)
            return JsonValue.Create(text);
        if (tag is "tag:yaml.org,2002:null" || (tag is null && text is "" or "~" or "null" or "Null" or "NULL"))
            return null;
        if (text == "true")
            return JsonValue.Create(true);
        if (text == "false")
            return JsonValue.Create(false);
        if (Integer().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                return JsonValue.Create(whole);
            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
                return JsonValue.Create(big);
        }
        if (Octal().IsMatch(text))
            return JsonValue.Create(System.Convert.ToInt64(text[2..], 8));
        if (Hex().IsMatch(text))
            return JsonValue.Create(long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            return JsonValue.Create(real);
        // .inf and .nan have no JSON form; they stay text.
        return JsonValue.Create(text);
    }

    static SourcePosition At(Mark mark) => new((int)mark.Line, (int)mark.Column);

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex Octal();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
