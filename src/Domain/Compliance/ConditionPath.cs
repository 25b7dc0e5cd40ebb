using System.Globalization;
using System.Text.Json.Nodes;

namespace ContextKit.Domain.Compliance;

/// <summary>The value a condition path reads: a JSON value (possibly null), or <see cref="Missing"/>.</summary>
public readonly record struct PathValue(JsonNode? Node, bool IsMissing)
{
    public static PathValue Missing { get; } = new(null, true);

    public static PathValue Of(JsonNode? node) => new(node, false);
}

/// <summary>
/// A compliance condition path (context-repo-format §5.2): dotted segments; <c>length</c> is a list's count
/// or a string's UTF-16 length; <c>name[n]</c> reads property <c>name</c>, then index <c>n</c>. Once a value
/// on the way is null or missing, the result is missing; the value at the end may be null.
/// </summary>
public sealed class ConditionPath
{
    readonly Segment[] segments;

    ConditionPath(string text, Segment[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    public override string ToString() => Text;

    public static ConditionPath Parse(string text) => new(text, text.Split('.').Select(ParseSegment).ToArray());

    public PathValue Read(JsonNode? root)
    {
        var current = PathValue.Of(root);
        foreach (var segment in segments)
        {
            if (current.IsMissing || current.Node is null)
                return PathValue.Missing;
            current = segment.Read(current.Node);
        }
        return current;
    }

    static Segment ParseSegment(string text)
    {
        // "name[0][1]": a property, then indices. Anything that is not that shape is a plain property name.
        var open = text.IndexOf('[');
        if (open < 0 || !text.EndsWith(']'))
            return new Segment(text, []);
        var indices = new List<int>();
        var rest = text[open..];
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']');
            if (rest[0] != '[' || close < 0
                || !int.TryParse(rest[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                return new Segment(text, []);
            indices.Add(index);
            rest = rest[(close + 1)..];
        }
        return new Segment(text[..open], [.. indices]);
    }

    sealed record Segment(string Name, int[] Indices)
    {
        public PathValue Read(JsonNode node)
        {
            PathValue value;
            if (Indices.Length == 0 && Name == "length")
                value = node switch
                {
                    JsonArray list => PathValue.Of(JsonValue.Create(list.Count)),
                    JsonValue text when JsonScalars.KindOf(text) == JsonScalars.Kind.String => PathValue.Of(JsonValue.Create(text.GetValue<string>().Length)),
                    _ => PathValue.Missing,
                };
            else if (Name.Length == 0 && Indices.Length > 0)
                value = PathValue.Of(node);
            else
                value = node switch
                {
                    JsonObject map => map.TryGetPropertyValue(Name, out var child) ? PathValue.Of(child) : PathValue.Missing,
                    // steps.0 reads an element, as the JavaScript property access it mirrors would.
                    JsonArray list when int.TryParse(Name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count => PathValue.Of(list[i]),
                    _ => PathValue.Missing,
                };
            foreach (var index in Indices)
            {
                if (value.IsMissing || value.Node is not JsonArray list || index >= list.Count)
                    return PathValue.Missing;
                value = PathValue.Of(list[index]);
            }
            return value;
        }
    }
}
