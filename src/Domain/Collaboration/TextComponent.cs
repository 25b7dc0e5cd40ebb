namespace ContextKit.Domain.Collaboration;

/// <summary>What one component of a <see cref="TextOperation"/> does at the cursor.</summary>
public enum TextComponentKind
{
    /// <summary>Keep the next <see cref="TextComponent.Length"/> UTF-16 code units and move past them.</summary>
    Retain,

    /// <summary>Insert <see cref="TextComponent.Text"/> at the cursor.</summary>
    Insert,

    /// <summary>Remove the next <see cref="TextComponent.Length"/> UTF-16 code units.</summary>
    Delete,
}

/// <summary>
/// One step of a text operation: retain n, insert text, or delete n. Lengths count UTF-16 code units, the unit of
/// .NET strings and of JavaScript (CodeMirror) offsets.
/// </summary>
public readonly record struct TextComponent
{
    TextComponent(TextComponentKind kind, int length, string text)
    {
        Kind = kind;
        Length = length;
        insertedText = text;
    }

    // Null only in default(TextComponent); Text reads it as empty.
    readonly string? insertedText;

    public TextComponentKind Kind { get; }

    /// <summary>Code units retained or deleted, or the length of the inserted text.</summary>
    public int Length { get; }

    /// <summary>The inserted text; empty for retain and delete.</summary>
    public string Text => insertedText ?? "";

    public static TextComponent Retain(int length) => new(TextComponentKind.Retain, Positive(length, "retain"), "");

    public static TextComponent Delete(int length) => new(TextComponentKind.Delete, Positive(length, "delete"), "");

    public static TextComponent Insert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw new TextOperationException(TextOperationError.Malformed, "An insert must contain at least one character.");
        return new(TextComponentKind.Insert, text.Length, text);
    }

    static int Positive(int length, string kind) => length > 0
        ? length
        : throw new TextOperationException(TextOperationError.Malformed, $"A {kind} must count at least one UTF-16 code unit, got {length}.");

    public override string ToString() => Kind switch
    {
        TextComponentKind.Insert => $"insert \"{Text}\"",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Length}",
    };
}
