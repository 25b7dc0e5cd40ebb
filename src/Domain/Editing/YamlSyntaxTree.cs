using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using ScalarEvent = YamlDotNet.Core.Events.Scalar;
using ValueToken = YamlDotNet.Core.Tokens.Value;
using BlockEntryToken = YamlDotNet.Core.Tokens.BlockEntry;

namespace ContextKit.Domain.Editing;

/// <summary>A node of the original file with the span of text that spells it.</summary>
abstract class SyntaxNode(int start, int end, string? anchor)
{
    /// <summary>Where the node starts, anchor and tag included.</summary>
    public int Start { get; } = start;

    /// <summary>Just after the node's last character: its content, not the comments or blank lines after it.</summary>
    public int End { get; } = end;

    public string? Anchor { get; } = anchor;
}

sealed class ScalarSyntax(int start, int end, string? anchor, ScalarStyle style) : SyntaxNode(start, end, anchor)
{
    public ScalarStyle Style { get; } = style;

    /// <summary>An empty plain value (<c>key:</c> or a bare <c>-</c>): no text to replace in place.</summary>
    public bool IsEmpty => End == Start;
}

sealed class AliasSyntax(int start, int end) : SyntaxNode(start, end, null);

/// <summary>One <c>key: value</c> of a mapping; <see cref="ColonEnd"/> is just after its <c>:</c>, or -1 when it has none.</summary>
sealed record EntrySyntax(SyntaxNode Key, SyntaxNode Value, int ColonEnd);

/// <summary>One item of a sequence; the dash positions are -1 in flow sequences.</summary>
sealed record ItemSyntax(SyntaxNode Value, int DashStart, int DashEnd);

sealed class MappingSyntax(int start, int end, string? anchor, bool flow, IReadOnlyList<EntrySyntax> entries) : SyntaxNode(start, end, anchor)
{
    public bool Flow { get; } = flow;
    public IReadOnlyList<EntrySyntax> Entries { get; } = entries;
}

sealed class SequenceSyntax(int start, int end, string? anchor, bool flow, IReadOnlyList<ItemSyntax> items) : SyntaxNode(start, end, anchor)
{
    public bool Flow { get; } = flow;
    public IReadOnlyList<ItemSyntax> Items { get; } = items;
}

/// <summary>
/// The nodes of one YAML document with their text spans, built from YamlDotNet's event stream plus the
/// positions of the <c>:</c> and <c>-</c> indicators from its token stream. The editor replaces spans of
/// the original text, so everything it does not touch stays byte for byte.
/// </summary>
static class YamlSyntaxTree
{
    /// <summary>The root mapping of <paramref name="source"/>, which must already have parsed as one mapping document.</summary>
    public static MappingSyntax Parse(SourceText source)
    {
        var (colons, dashes) = Indicators(source.Text);
        var parser = new Parser(new Scanner(new StringReader(source.Text), skipComments: true));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        return ReadNode(parser, source, colons, dashes) as MappingSyntax
               ?? throw new YamlEditException("The document root is not a mapping.");
    }

    static (List<(int Start, int End)> Colons, List<(int Start, int End)> Dashes) Indicators(string text)
    {
        var colons = new List<(int, int)>();
        var dashes = new List<(int, int)>();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        while (scanner.MoveNext())
        {
            switch (scanner.Current)
            {
                case ValueToken v:
                    colons.Add(((int)v.Start.Index, (int)v.End.Index));
                    break;
                case BlockEntryToken b:
                    dashes.Add(((int)b.Start.Index, (int)b.End.Index));
                    break;
            }
        }
        return (colons, dashes);
    }

    static SyntaxNode ReadNode(IParser parser, SourceText source, List<(int Start, int End)> colons, List<(int Start, int End)> dashes)
    {
        var current = parser.Current ?? throw new YamlEditException("Unexpected end of the document.");
        parser.MoveNext();
        switch (current)
        {
            case ScalarEvent scalar:
            {
                var start = (int)scalar.Start.Index;
                var end = scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded
                    ? BlockScalarEnd(source, start, (int)scalar.End.Index)
                    : (int)scalar.End.Index;
                return new ScalarSyntax(start, end, AnchorOf(scalar.Anchor), scalar.Style);
            }
            case AnchorAlias alias:
                return new AliasSyntax((int)alias.Start.Index, (int)alias.End.Index);
            case MappingStart mapping:
            {
                var entries = new List<EntrySyntax>();
                while (parser.Current is not MappingEnd)
                {
                    var key = ReadNode(parser, source, colons, dashes);
                    var value = ReadNode(parser, source, colons, dashes);
                    var colon = LastBefore(colons, key.End, value.Start);
                    entries.Add(new EntrySyntax(key, value, colon?.End ?? -1));
                }
                var close = (MappingEnd)parser.Current;
                parser.MoveNext();
                var flow = mapping.Style == MappingStyle.Flow;
                var end = flow ? FlowEnd(source, (int)close.Start.Index, '}') : entries.Count > 0 ? entries[^1].Value.End : (int)mapping.Start.Index;
                return new MappingSyntax((int)mapping.Start.Index, end, AnchorOf(mapping.Anchor), flow, entries);
            }
            case SequenceStart sequence:
            {
                var items = new List<ItemSyntax>();
                var flow = sequence.Style == SequenceStyle.Flow;
                var lowest = (int)sequence.Start.Index;
                while (parser.Current is not SequenceEnd)
                {
                    var item = ReadNode(parser, source, colons, dashes);
                    var dash = flow ? null : LastBefore(dashes, lowest, item.Start - 1);
                    items.Add(new ItemSyntax(item, dash?.Start ?? -1, dash?.End ?? -1));
                    lowest = item.End;
                }
                var close = (SequenceEnd)parser.Current;
                parser.MoveNext();
                var end = flow ? FlowEnd(source, (int)close.Start.Index, ']') : items.Count > 0 ? items[^1].Value.End : (int)sequence.Start.Index;
                return new SequenceSyntax((int)sequence.Start.Index, end, AnchorOf(sequence.Anchor), flow, items);
            }
            default:
                throw new YamlEditException($"Unexpected {current.GetType().Name} in the document.");
        }
    }

    static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    /// <summary>The last indicator starting in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    static (int Start, int End)? LastBefore(List<(int Start, int End)> indicators, int from, int to)
    {
        var lo = 0;
        var hi = indicators.Count - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (indicators[mid].Start <= to)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found >= 0 && indicators[found].Start >= from ? indicators[found] : null;
    }

    /// <summary>Just after the closing bracket, which YamlDotNet marks by its start.</summary>
    static int FlowEnd(SourceText source, int at, char bracket) =>
        at < source.Length && source.Text[at] == bracket ? at + 1 : throw new YamlEditException("Could not find the end of a flow collection.");

    /// <summary>
    /// The end of a literal or folded scalar's last content line. YamlDotNet ends the token where the next
    /// token starts, past trailing blank and comment lines; those stay outside the span, except for the
    /// blank lines a keep (<c>+</c>) chomping indicator makes part of the value.
    /// </summary>
    static int BlockScalarEnd(SourceText source, int start, int scannerEnd)
    {
        var text = source.Text;
        var headerEnd = source.LineEnd(start);
        var header = text[start..headerEnd];
        var hash = header.IndexOf(" #", StringComparison.Ordinal);
        var keep = (hash >= 0 ? header[..hash] : header).Contains('+');
        var end = Math.Min(scannerEnd, text.Length);
        if (keep)
        {
            var lineStart = source.LineStart(end);
            if (lineStart > headerEnd && text[lineStart..end].Trim(' ', '\t').Length == 0)
                return lineStart - (lineStart >= 2 && text[lineStart - 2] == '\r' ? 2 : 1);
        }
        var last = end - 1;
        while (last > headerEnd && char.IsWhiteSpace(text[last]))
            last--;
        return last <= headerEnd ? headerEnd : source.LineEnd(last);
    }
}
