using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ContextKit.Domain.Prompts;

/// <summary>
/// A mapping as a prompt template reads it: an absent field named like a loop variable reads as empty,
/// as in handlebars.js.
/// </summary>
/// <remarks>
/// Handlebars.Net falls back to the loop variables when a name is missing from the current object, so
/// inside <c>{{#each conditions}}</c> a condition without <c>value</c> printed the whole condition for
/// <c>{{value}}</c>. Those names are answered with null when absent. Other absent names stay unanswered,
/// so that <c>{{shout title}}</c> still reaches the missing-helper check. Enumeration and
/// <see cref="Count"/> see only the fields that exist.
/// </remarks>
internal sealed class TemplateFields : IDictionary<string, object?>
{
    static readonly HashSet<string> LoopVariables = new(StringComparer.Ordinal) { "value", "key", "index", "first", "last", "root" };

    readonly Dictionary<string, object?> fields = new(StringComparer.Ordinal);

    public object? this[string key]
    {
        get => fields.GetValueOrDefault(key);
        set => fields[key] = value;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) =>
        fields.TryGetValue(key, out value) || LoopVariables.Contains(key);

    public ICollection<string> Keys => fields.Keys;
    public ICollection<object?> Values => fields.Values;
    public int Count => fields.Count;
    public bool IsReadOnly => false;
    public bool ContainsKey(string key) => fields.ContainsKey(key);
    public void Add(string key, object? value) => fields.Add(key, value);
    public bool Remove(string key) => fields.Remove(key);
    public void Clear() => fields.Clear();
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    ICollection<KeyValuePair<string, object?>> Pairs => fields;
    public void Add(KeyValuePair<string, object?> item) => Pairs.Add(item);
    public bool Contains(KeyValuePair<string, object?> item) => Pairs.Contains(item);
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => Pairs.CopyTo(array, arrayIndex);
    public bool Remove(KeyValuePair<string, object?> item) => Pairs.Remove(item);
}
