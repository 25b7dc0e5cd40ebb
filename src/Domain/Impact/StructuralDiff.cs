using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ContextKit.Domain.Impact;

/// <summary>
/// One field that differs between the entity at base and now (context-repo-format §7 "Field changes").
/// <see cref="OldValue"/> / <see cref="NewValue"/> are null when that side is absent (and then omitted from
/// the JSON); a JSON null that is really there is a <see cref="JsonValueKind.Null"/> element.
/// <see cref="ValueType"/> is the JSON type of the new value, of the old one for a removal.
/// </summary>
public sealed record FieldChange(
    string Field,
    string ChangeType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? OldValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? NewValue,
    string ValueType)
{
    public const string Added = "added", Removed = "removed", Modified = "modified";

    /// <summary>The field as keys (strings) and indexes (ints), for matching against rule paths.</summary>
    [JsonIgnore]
    internal IReadOnlyList<object> Location { get; init; } = [];

    /// <summary>
    /// How an issue message shows this change: <c>field modified</c> when either side is a list or map,
    /// else <c>field: "old" → "new"</c> with an absent side written <c>(not set)</c>.
    /// </summary>
    public string Describe()
    {
        if (OldValue is { ValueKind: JsonValueKind.Array or JsonValueKind.Object } || NewValue is { ValueKind: JsonValueKind.Array or JsonValueKind.Object })
            return $"{Field} modified";
        return $"{Field}: {Show(OldValue)} → {Show(NewValue)}";
    }

    static string Show(JsonElement? value) => value switch
    {
        null => "(not set)",
        { ValueKind: JsonValueKind.String } v => $"\"{v.GetString()}\"",
        { } v => $"\"{v.GetRawText()}\"",
    };
}

/// <summary>
/// The structural comparison of an entity at base with the entity now: maps by key, lists by index, scalars
/// with §5.2 <c>equals</c>; a change of kind (a string becoming a list) is one change at that path. A value
/// added or removed whole is reported leaf by leaf, so every change names a leaf path
/// (<c>api.version</c>, <c>acceptanceCriteria[1]</c>); an empty list or map is itself a leaf.
/// </summary>
public static class StructuralDiff
{
    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/> (null = the entity is absent on that
    /// side): keys in the order of the current side, then keys only at base in their order; lists by index.
    /// </summary>
    public static IReadOnlyList<FieldChange> Compare(JsonObject? before, JsonObject? after)
    {
        var changes = new List<FieldChange>();
        Compare(before is null ? Lookup.Missing : Lookup.Of(before), after is null ? Lookup.Missing : Lookup.Of(after), [], changes);
        return changes;
    }

    static void Compare(Lookup before, Lookup after, List<object> at, List<FieldChange> into)
    {
        switch (before.Value, after.Value)
        {
            case var _ when !before.Present && !after.Present:
                return;
            case var _ when !before.Present:
                Leaves(after.Value, at, FieldChange.Added, into);
                return;
            case var _ when !after.Present:
                Leaves(before.Value, at, FieldChange.Removed, into);
                return;
            case (JsonObject was, JsonObject now):
                foreach (var (key, value) in now)
                    Nested(at, key, was.TryGetPropertyValue(key, out var old) ? Lookup.Of(old) : Lookup.Missing, Lookup.Of(value), into);
                foreach (var (key, value) in was)
                    if (!now.ContainsKey(key))
                        Nested(at, key, Lookup.Of(value), Lookup.Missing, into);
                return;
            case (JsonArray was, JsonArray now):
                for (var i = 0; i < Math.Max(was.Count, now.Count); i++)
                    Nested(at, i, i < was.Count ? Lookup.Of(was[i]) : Lookup.Missing, i < now.Count ? Lookup.Of(now[i]) : Lookup.Missing, into);
                return;
            default:
                if (!JsonEquality.DeepEquals(before.Value, after.Value))
                    into.Add(Change(at, FieldChange.Modified, before, after));
                return;
        }
    }

    static void Nested(List<object> at, object step, Lookup before, Lookup after, List<FieldChange> into)
    {
        at.Add(step);
        Compare(before, after, at, into);
        at.RemoveAt(at.Count - 1);
    }

    static void Leaves(JsonNode? value, List<object> at, string changeType, List<FieldChange> into)
    {
        var side = Lookup.Of(value);
        switch (value)
        {
            case JsonObject map when map.Count > 0:
                foreach (var (key, child) in map)
                {
                    at.Add(key);
                    Leaves(child, at, changeType, into);
                    at.RemoveAt(at.Count - 1);
                }
                return;
            case JsonArray list when list.Count > 0:
                for (var i = 0; i < list.Count; i++)
                {
                    at.Add(i);
                    Leaves(list[i], at, changeType, into);
                    at.RemoveAt(at.Count - 1);
                }
                return;
            default:
                into.Add(changeType == FieldChange.Added
                    ? Change(at, changeType, Lookup.Missing, side)
                    : Change(at, changeType, side, Lookup.Missing));
                return;
        }
    }

    static FieldChange Change(List<object> at, string changeType, Lookup before, Lookup after) =>
        new(Name(at), changeType, Element(before), Element(after), JsonEquality.TypeName(after.Present ? after.Value : before.Value))
        {
            Location = at.ToArray(),
        };

    static JsonElement? Element(Lookup side) =>
        side.Present ? JsonSerializer.SerializeToElement(side.Value) : null;

    /// <summary>Keys joined by <c>.</c>, indexes as <c>[n]</c>: <c>related.feature</c>, <c>steps[2]</c>, <c>a[0].b</c>.</summary>
    internal static string Name(IReadOnlyList<object> location)
    {
        var text = new StringBuilder();
        foreach (var step in location)
        {
            if (step is int i)
                text.Append('[').Append(i).Append(']');
            else
            {
                if (text.Length > 0)
                    text.Append('.');
                text.Append((string)step);
            }
        }
        return text.ToString();
    }
}
