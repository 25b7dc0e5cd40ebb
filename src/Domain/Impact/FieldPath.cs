using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ContextKit.Domain.Impact;

/// <summary>
/// A field path in the syntax of context-repo-format §5.2, as rules name fields (<c>api.version</c>,
/// <c>steps[0]</c>, <c>acceptanceCriteria.length</c>): segments split on <c>.</c>, <c>name[n]</c> reads a
/// property then an index, <c>length</c> counts a list or a string.
/// </summary>
public sealed partial class FieldPath
{
    readonly Step[] steps;

    FieldPath(string text, Step[] steps)
    {
        Text = text;
        this.steps = steps;
        // What a diff change "under" this path is measured against: the keys and indexes before any
        // `length`, since a count changes exactly when something in the counted value does.
        Location = steps.TakeWhile(s => s.Kind != StepKind.Length)
            .Select(s => s.Kind == StepKind.Property ? (object)s.Name! : s.Index).ToArray();
    }

    public string Text { get; }

    /// <summary>The path as keys (strings) and list indexes (ints), cut before the first <c>length</c>.</summary>
    internal IReadOnlyList<object> Location { get; }

    public static FieldPath Parse(string text)
    {
        var steps = new List<Step>();
        foreach (var segment in text.Split('.'))
        {
            var indexed = Indexed().Match(segment);
            if (segment == "length")
                steps.Add(new Step(StepKind.Length, null, 0));
            else if (indexed.Success)
            {
                if (indexed.Groups["name"].Value.Length > 0)
                    steps.Add(new Step(StepKind.Property, indexed.Groups["name"].Value, 0));
                foreach (Capture index in indexed.Groups["index"].Captures)
                    steps.Add(int.TryParse(index.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                        ? new Step(StepKind.Index, null, i)
                        : new Step(StepKind.Index, null, int.MaxValue));
            }
            else
                steps.Add(new Step(StepKind.Property, segment, 0));
        }
        return new FieldPath(text, [.. steps]);
    }

    /// <summary>
    /// The value at this path. Once a value on the way is null or missing the result is missing; a final
    /// null is present (and is JSON null).
    /// </summary>
    public Lookup Read(JsonNode? root)
    {
        var at = Lookup.Of(root);
        foreach (var step in steps)
        {
            if (!at.Present || at.Value is null)
                return Lookup.Missing;
            at = step.Kind switch
            {
                StepKind.Property => at.Value switch
                {
                    JsonObject obj => obj.TryGetPropertyValue(step.Name!, out var child) ? Lookup.Of(child) : Lookup.Missing,
                    // `steps.0` reads an element, as compliance paths do (the JavaScript property access they mirror).
                    JsonArray list when int.TryParse(step.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count => Lookup.Of(list[i]),
                    _ => Lookup.Missing,
                },
                StepKind.Index => at.Value is JsonArray list && step.Index < list.Count ? Lookup.Of(list[step.Index]) : Lookup.Missing,
                _ => at.Value switch
                {
                    JsonArray list => Lookup.Of(JsonValue.Create(list.Count)),
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => Lookup.Of(JsonValue.Create(v.GetValue<string>().Length)),
                    _ => Lookup.Missing,
                },
            };
        }
        return at;
    }

    public override string ToString() => Text;

    enum StepKind { Property, Index, Length }

    readonly record struct Step(StepKind Kind, string? Name, int Index);

    [GeneratedRegex(@"^(?<name>[^\[\]]*)(\[(?<index>[0-9]+)\])+$")]
    private static partial Regex Indexed();
}

/// <summary>The result of reading a path: missing, or present with a value that may be JSON null.</summary>
public readonly record struct Lookup(bool Present, JsonNode? Value)
{
    public static Lookup Missing => default;

    public static Lookup Of(JsonNode? value) => new(true, value);

    /// <summary>The value at a location of keys and indexes (as a diff change names it).</summary>
    internal static Lookup At(JsonNode? root, IReadOnlyList<object> location)
    {
        var at = Of(root);
        foreach (var step in location)
        {
            at = (at.Value, step) switch
            {
                (JsonObject obj, string key) when obj.TryGetPropertyValue(key, out var child) => Of(child),
                (JsonArray list, int i) when i < list.Count => Of(list[i]),
                _ => Missing,
            };
            if (!at.Present)
                break;
        }
        return at;
    }
}
