using ContextKit.Domain.Collaboration;
using CsCheck;

namespace ContextKit.Domain.Tests.Collaboration;

/// <summary>Random documents and random operations on them that respect whole characters (never split an emoji).</summary>
static class RandomEdits
{
    static readonly string[] Pieces = ["a", "b", "c", " ", "\n", "é", "中", "😀", "👍🏽"];

    public static readonly Gen<string> Documents = Gen.OneOf(Pieces).Array[0, 24].Select(p => string.Concat(p));

    /// <summary>Decisions that <see cref="Build"/> turns into an operation on a given document.</summary>
    public static readonly Gen<int[]> Decisions = Gen.Int[0, 10_000].Array[0, 12];

    /// <summary>A document and an operation on it.</summary>
    public static readonly Gen<(string Document, TextOperation Operation)> DocumentAndOperation =
        Gen.Select(Documents, Decisions, (d, c) => (d, Build(d, c)));

    /// <summary>A document and two concurrent operations on it.</summary>
    public static readonly Gen<(string Document, TextOperation A, TextOperation B)> ConcurrentPair =
        Gen.Select(Documents, Decisions, Decisions, (d, a, b) => (d, Build(d, a), Build(d, b)));

    /// <summary>Positions in <paramref name="text"/> that fall between whole characters, 0 and the end included.</summary>
    public static List<int> Boundaries(string text)
    {
        var boundaries = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
                boundaries.Add(i + 1);
        return boundaries;
    }

    /// <summary>
    /// Walks the document character by character; each decision retains, deletes or inserts a few whole characters.
    /// The rest of the document is retained when the decisions run out.
    /// </summary>
    public static TextOperation Build(string document, IEnumerable<int> decisions)
    {
        var boundaries = Boundaries(document);
        var builder = new TextOperationBuilder();
        var at = 0; // index into boundaries
        foreach (var decision in decisions)
        {
            var count = decision / 4 % 4 + 1;
            switch (decision % 4)
            {
                case 0 or 1:
                    var end = Math.Min(at + count, boundaries.Count - 1);
                    var length = boundaries[end] - boundaries[at];
                    if (decision % 4 == 0)
                        builder.Retain(length);
                    else
                        builder.Delete(length);
                    at = end;
                    break;
                default:
                    builder.Insert(string.Concat(Enumerable.Range(0, count).Select(i => Pieces[(decision / 16 + i) % Pieces.Length])));
                    break;
            }
        }
        builder.Retain(document.Length - boundaries[at]);
        return builder.Build();
    }
}
