using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Serialization;

namespace ContextKit.Domain.Collaboration;

/// <summary>Which side's insert comes first when both sides of a transform insert at the same position.</summary>
public enum InsertTieBreak
{
    /// <summary>The left operation's insert lands before the right one's.</summary>
    LeftFirst,

    /// <summary>The right operation's insert lands before the left one's.</summary>
    RightFirst,
}

/// <summary>
/// An immutable edit of a whole text: a list of retain n / insert text / delete n components walked from the start of
/// the document. It spans the document exactly: retains plus deletes add up to <see cref="BaseLength"/>, the length of
/// the text it applies to, and a trailing retain is always kept (it is what says how long the document is).
/// </summary>
/// <remarks>
/// <para><b>Index unit: UTF-16 code units</b>, end to end — the unit of .NET <see cref="string"/>, of JavaScript strings
/// and of CodeMirror offsets, so a browser's change set maps onto components without conversion. A character outside
/// the Basic Multilingual Plane (an emoji) counts 2. An operation may not put a boundary between the two halves of a
/// surrogate pair, and inserted text may not contain an unpaired surrogate; both are refused with
/// <see cref="TextOperationException"/>.</para>
/// <para>Components are normalised: no zero-length components, neighbours of the same kind merged, and an insert
/// next to a delete ordered before it. Two operations with the same effect component by component are equal.</para>
/// <para>The JSON shape (hub and REST) is <c>[{"retain":n},{"insert":"text"},{"delete":n}]</c>; see <see cref="Parse(System.Text.Json.JsonElement, TextOperationLimits?)"/>.</para>
/// </remarks>
[JsonConverter(typeof(TextOperationJsonConverter))]
public sealed partial class TextOperation : IEquatable<TextOperation>
{
    internal TextOperation(ImmutableArray<TextComponent> components)
    {
        long baseLength = 0, targetLength = 0, inserted = 0;
        foreach (var component in components)
        {
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    baseLength += component.Length;
                    targetLength += component.Length;
                    break;
                case TextComponentKind.Delete:
                    baseLength += component.Length;
                    break;
                default:
                    if (!IsWellFormed(component.Text))
                        throw new TextOperationException(TextOperationError.Malformed,
                            "An insert contains an unpaired UTF-16 surrogate; inserted text must be whole characters.");
                    targetLength += component.Length;
                    inserted += component.Length;
                    break;
            }
        }
        if (baseLength > int.MaxValue || targetLength > int.MaxValue)
            throw new TextOperationException(TextOperationError.LimitExceeded, "The operation spans more than 2^31 UTF-16 code units.");
        this.components = components;
        BaseLength = (int)baseLength;
        TargetLength = (int)targetLength;
        InsertedLength = (int)inserted;
    }

    /// <summary>The operation on the empty document that changes nothing.</summary>
    public static TextOperation Empty { get; } = new([]);

    readonly ImmutableArray<TextComponent> components;

    /// <summary>The normalised components, in document order.</summary>
    public IReadOnlyList<TextComponent> Components => components;

    /// <summary>The length, in UTF-16 code units, of the text this operation applies to (retains + deletes).</summary>
    public int BaseLength { get; }

    /// <summary>The length, in UTF-16 code units, of the text it produces (retains + inserts).</summary>
    public int TargetLength { get; }

    /// <summary>The UTF-16 code units this operation inserts in total.</summary>
    public int InsertedLength { get; }

    /// <summary>True when the operation changes nothing (it is empty or one retain).</summary>
    public bool IsIdentity => components.All(c => c.Kind == TextComponentKind.Retain);

    /// <summary>The operation that keeps a document of <paramref name="length"/> code units as it is.</summary>
    public static TextOperation Identity(int length) => new TextOperationBuilder().Retain(length).Build();

    /// <summary>Normalises the components into an operation.</summary>
    public static TextOperation From(IEnumerable<TextComponent> components)
    {
        var builder = new TextOperationBuilder();
        foreach (var component in components)
            builder.Add(component);
        return builder.Build();
    }

    /// <summary>
    /// Applies the operation to <paramref name="document"/>, which must be exactly <see cref="BaseLength"/> code units
    /// long, and must not be split inside a surrogate pair.
    /// </summary>
    public string Apply(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Length != BaseLength)
            throw LengthMismatch(document.Length);
        var result = new StringBuilder(TargetLength);
        var position = 0;
        foreach (var component in components)
        {
            CheckBoundary(document, position);
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    result.Append(document, position, component.Length);
                    position += component.Length;
                    break;
                case TextComponentKind.Delete:
                    position += component.Length;
                    break;
                default:
                    result.Append(component.Text);
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>The operation that undoes this one on the text it produced; <paramref name="document"/> is the text before.</summary>
    public TextOperation Invert(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Length != BaseLength)
            throw LengthMismatch(document.Length);
        var inverse = new TextOperationBuilder();
        var position = 0;
        foreach (var component in components)
        {
            CheckBoundary(document, position);
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    inverse.Retain(component.Length);
                    position += component.Length;
                    break;
                case TextComponentKind.Delete:
                    inverse.Insert(document.Substring(position, component.Length));
                    position += component.Length;
                    break;
                default:
                    inverse.Delete(component.Length);
                    break;
            }
        }
        return inverse.Build();
    }

    /// <summary>
    /// One operation with the effect of <paramref name="first"/> followed by <paramref name="second"/>:
    /// <c>Compose(a, b).Apply(d) == b.Apply(a.Apply(d))</c>. The first's target length must be the second's base length.
    /// </summary>
    public static TextOperation Compose(TextOperation first, TextOperation second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.TargetLength != second.BaseLength)
            throw new TextOperationException(TextOperationError.LengthMismatch,
                $"Cannot compose: the first operation produces {first.TargetLength} UTF-16 code units, the second spans {second.BaseLength}.");

        var composed = new TextOperationBuilder();
        var a = new Cursor(first);
        var b = new Cursor(second);
        while (!a.Done || !b.Done)
        {
            // What the first deletes never reaches the second; what the second inserts never came from the first.
            if (a.Kind == TextComponentKind.Delete)
            {
                composed.Delete(a.Remaining);
                a.Advance(a.Remaining);
                continue;
            }
            if (b.Kind == TextComponentKind.Insert)
            {
                composed.Insert(b.RemainingText);
                b.Advance(b.Remaining);
                continue;
            }
            if (a.Done || b.Done)
                throw new InvalidOperationException("Compose walked past the end of an operation; the lengths were checked, so this is a bug.");

            var length = Math.Min(a.Remaining, b.Remaining);
            switch (a.Kind, b.Kind)
            {
                case (TextComponentKind.Retain, TextComponentKind.Retain):
                    composed.Retain(length);
                    break;
                case (TextComponentKind.Retain, TextComponentKind.Delete):
                    composed.Delete(length);
                    break;
                case (TextComponentKind.Insert, TextComponentKind.Retain):
                    composed.Insert(a.RemainingText[..length]);
                    break;
                    // (Insert, Delete): the second deletes what the first inserted; nothing remains.
            }
            a.Advance(length);
            b.Advance(length);
        }
        return composed.Build();
    }

    /// <summary>
    /// Transforms two concurrent operations on the same text so each can follow the other:
    /// <c>right'.Apply(left.Apply(d)) == left'.Apply(right.Apply(d))</c> (TP1). When both insert at the same position,
    /// <paramref name="tieBreak"/> decides whose text comes first; both sides of a conversation must decide the same
    /// way (the server gives its already-applied operation priority: <c>Transform(applied, incoming, LeftFirst)</c>
    /// on the server, <c>Transform(pending, fromServer, RightFirst)</c> on a client).
    /// </summary>
    /// <returns><c>Left</c>: the left operation to apply after the right one; <c>Right</c>: the right one to apply after the left.</returns>
    public static (TextOperation Left, TextOperation Right) Transform(TextOperation left, TextOperation right, InsertTieBreak tieBreak = InsertTieBreak.LeftFirst)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.BaseLength != right.BaseLength)
            throw new TextOperationException(TextOperationError.LengthMismatch,
                $"Cannot transform: the operations span different documents ({left.BaseLength} and {right.BaseLength} UTF-16 code units).");

        var leftPrime = new TextOperationBuilder();
        var rightPrime = new TextOperationBuilder();
        var a = new Cursor(left);
        var b = new Cursor(right);
        while (!a.Done || !b.Done)
        {
            // Inserts go first; the other side retains over them. Same position on both sides: the tie-break decides.
            var leftInserts = a.Kind == TextComponentKind.Insert;
            var rightInserts = b.Kind == TextComponentKind.Insert;
            if (leftInserts && (!rightInserts || tieBreak == InsertTieBreak.LeftFirst))
            {
                leftPrime.Insert(a.RemainingText);
                rightPrime.Retain(a.Remaining);
                a.Advance(a.Remaining);
                continue;
            }
            if (rightInserts)
            {
                rightPrime.Insert(b.RemainingText);
                leftPrime.Retain(b.Remaining);
                b.Advance(b.Remaining);
                continue;
            }
            if (a.Done || b.Done)
                throw new InvalidOperationException("Transform walked past the end of an operation; the lengths were checked, so this is a bug.");

            var length = Math.Min(a.Remaining, b.Remaining);
            switch (a.Kind, b.Kind)
            {
                case (TextComponentKind.Retain, TextComponentKind.Retain):
                    leftPrime.Retain(length);
                    rightPrime.Retain(length);
                    break;
                case (TextComponentKind.Delete, TextComponentKind.Retain):
                    leftPrime.Delete(length);
                    break;
                case (TextComponentKind.Retain, TextComponentKind.Delete):
                    rightPrime.Delete(length);
                    break;
                    // (Delete, Delete): both removed the same text; neither needs to remove it again.
            }
            a.Advance(length);
            b.Advance(length);
        }
        return (leftPrime.Build(), rightPrime.Build());
    }

    TextOperationException LengthMismatch(int documentLength) => new(TextOperationError.LengthMismatch, documentLength < BaseLength
        ? $"The operation spans {BaseLength} UTF-16 code units but the document has only {documentLength}: it reaches past the end of the text."
        : $"The operation spans {BaseLength} UTF-16 code units but the document has {documentLength}: it must cover the whole text (end with a retain of the rest).");

    static void CheckBoundary(string document, int position)
    {
        if (position > 0 && position < document.Length && char.IsHighSurrogate(document[position - 1]) && char.IsLowSurrogate(document[position]))
            throw new TextOperationException(TextOperationError.SplitsSurrogatePair,
                $"The operation has a boundary at UTF-16 offset {position}, between the two halves of a surrogate pair (one character such as an emoji). Offsets count UTF-16 code units and must fall between whole characters.");
    }

    static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
                return false;
        }
        return true;
    }

    public bool Equals(TextOperation? other) => other is not null && components.SequenceEqual(other.components);

    public override bool Equals(object? obj) => Equals(obj as TextOperation);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var component in components)
            hash.Add(component);
        return hash.ToHashCode();
    }

    public override string ToString() => ToJson();

    /// <summary>Walks an operation's components, taking them whole or in part.</summary>
    struct Cursor(TextOperation operation)
    {
        int index;
        int offset;

        public readonly bool Done => index >= operation.components.Length;

        /// <summary>The current component's kind; null once every component has been taken.</summary>
        public readonly TextComponentKind? Kind => Done ? null : operation.components[index].Kind;

        public readonly int Remaining => operation.components[index].Length - offset;

        public readonly string RemainingText => offset == 0 ? operation.components[index].Text : operation.components[index].Text[offset..];

        public void Advance(int length)
        {
            offset += length;
            if (offset == operation.components[index].Length)
            {
                index++;
                offset = 0;
            }
        }
    }
}
