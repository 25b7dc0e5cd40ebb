namespace ContextKit.Domain.Entities;

/// <summary>A 1-based line and column in a source file.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// Where each node of a parsed YAML file stands, by JSON pointer (<c>""</c> for the root,
/// <c>/related/feature</c>, <c>/steps/0</c>): the value's position, and for mapping entries also the key's.
/// Validation messages point at these.
/// </summary>
public sealed class SourcePositions
{
    readonly Dictionary<string, SourcePosition> values = new(StringComparer.Ordinal);
    readonly Dictionary<string, SourcePosition> keys = new(StringComparer.Ordinal);

    internal void AddValue(string pointer, SourcePosition at) => values.TryAdd(pointer, at);

    internal void AddKey(string pointer, SourcePosition at) => keys.TryAdd(pointer, at);

    /// <summary>The position of the value at <paramref name="pointer"/>, else of its nearest parent.</summary>
    public SourcePosition? Value(string pointer)
    {
        for (var p = pointer; ; p = Parent(p))
        {
            if (values.TryGetValue(p, out var at))
                return at;
            if (p.Length == 0)
                return null;
        }
    }

    /// <summary>The position of the key of the mapping entry at <paramref name="pointer"/>, else its value's.</summary>
    public SourcePosition? Key(string pointer) => keys.TryGetValue(pointer, out var at) ? at : Value(pointer);

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    static string Parent(string pointer) => pointer.Length == 0 ? "" : pointer[..pointer.LastIndexOf('/')];
}
