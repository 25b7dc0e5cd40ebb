using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ContextKit.Domain.Yaml;

/// <summary>The outcome of parsing one YAML file: its root mapping, or a message with a 1-based position.</summary>
public sealed record YamlParseResult(YamlMappingNode? Root, string? Error, int? Line, int? Column)
{
    public bool Ok => Root is not null;

    internal static YamlParseResult Fail(string error, Mark? at = null) =>
        new(null, error, at is { } m ? (int)m.Line : null, at is { } n ? (int)n.Column : null);
}

/// <summary>
/// Parses one entity file: exactly one document with a mapping root, within <see cref="YamlLimits"/>.
/// A first pass over the event stream enforces the limits before anything is built, so an alias bomb
/// or a deeply nested document is refused without being expanded.
/// </summary>
public static class YamlDocumentParser
{
    /// <summary>A failed result with this message at this position, for readers that check the same rules.</summary>
    public static YamlParseResult Failure(string error, Mark? at) => YamlParseResult.Fail(error, at);

    public static YamlParseResult Parse(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        if (Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
            return YamlParseResult.Fail($"file is larger than {limits.MaxBytes / 1024} KiB");
        try
        {
            if (CheckStructure(text, limits) is { } failure)
                return failure;
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents[0].RootNode is YamlMappingNode root
                ? new YamlParseResult(root, null, null, null)
                : YamlParseResult.Fail("root must be a mapping", stream.Documents[0].RootNode.Start);
        }
        catch (YamlException e)
        {
            return YamlParseResult.Fail(Describe(e), e.Start);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser gives up this way on some malformed flow collections.
            return YamlParseResult.Fail("invalid YAML syntax (an unclosed bracket or brace?)", LastGoodMark(text));
        }
    }

    static YamlParseResult? CheckStructure(string text, YamlLimits limits)
    {
        var parser = new Parser(new StringReader(text));
        var documents = 0;
        var depth = 0;
        var nodes = 0;
        // Size of every anchored node, so an alias costs what it would expand to.
        var anchoredSizes = new Dictionary<string, long>();
        var open = new Stack<(string? Anchor, long StartCount)>();
        long expanded = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart ds:
                    documents++;
                    if (documents > 1)
                        return YamlParseResult.Fail("the file holds several documents; exactly one is allowed", ds.Start);
                    break;
                case MappingStart ms:
                    if (++depth > limits.MaxDepth)
                        return YamlParseResult.Fail($"nesting is deeper than {limits.MaxDepth} levels", ms.Start);
                    nodes++; expanded++;
                    open.Push((ms.Anchor.IsEmpty ? null : ms.Anchor.Value, expanded));
                    break;
                case SequenceStart ss:
                    if (++depth > limits.MaxDepth)
                        return YamlParseResult.Fail($"nesting is deeper than {limits.MaxDepth} levels", ss.Start);
                    nodes++; expanded++;
                    open.Push((ss.Anchor.IsEmpty ? null : ss.Anchor.Value, expanded));
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    var (anchor, start) = open.Pop();
                    if (anchor is not null)
                        anchoredSizes[anchor] = expanded - start + 1;
                    break;
                case Scalar sc:
                    nodes++; expanded++;
                    if (!sc.Anchor.IsEmpty)
                        anchoredSizes[sc.Anchor.Value] = 1;
                    break;
                case AnchorAlias alias:
                    expanded += anchoredSizes.GetValueOrDefault(alias.Value.Value, 1);
                    if (expanded - nodes > limits.MaxAliasNodes)
                        return YamlParseResult.Fail($"aliases expand to more than {limits.MaxAliasNodes} nodes", alias.Start);
                    break;
            }
        }
        return documents == 0 || nodes == 0 ? YamlParseResult.Fail("document is empty") : null;
    }

    /// <summary>Where parsing stopped making sense: the end of the last event the parser could still read.</summary>
    static Mark? LastGoodMark(string text)
    {
        var parser = new Parser(new StringReader(text));
        Mark? last = null;
        try
        {
            while (parser.MoveNext())
                last = parser.Current!.End;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
        }
        return last;
    }

    static string Describe(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: ..) - (Line..): "; positions are reported separately.
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        message = cut >= 0 ? message[(cut + 3)..] : message;
        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
            return "duplicate key";
        return message;
    }
}
