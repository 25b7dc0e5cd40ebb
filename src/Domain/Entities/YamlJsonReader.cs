using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Domain.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ContextKit.Domain.Entities;

/// <summary>
/// Reads one entity file straight from YamlDotNet's event stream into JSON and node positions, in a single
/// pass: the limits (size, depth, alias expansion), the one-document and mapping-root rules and duplicate
/// keys are enforced on the way, so nothing is built twice and a hostile file is refused before it grows.
/// Produces exactly what <see cref="YamlDocumentParser.Parse"/> followed by <see cref="YamlToJson.Convert"/> does.
/// </summary>
public static class YamlJsonReader
{
    public sealed record Result(JsonObject? Data, SourcePositions? Positions, YamlParseResult? Failure);

    public static Result Read(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        // A byte-order mark is an encoding detail, not part of the first key.
        if (text.StartsWith('\uFEFF'))
            text = text[1..];
        if (Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
            return Failed(YamlDocumentParser.Failure($"file is larger than {limits.MaxBytes / 1024} KiB", null));
        try
        {
            return ReadEvents(text, limits);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Let the reference parser phrase the error and find its position.
            return Failed(YamlDocumentParser.Parse(text, limits));
        }
    }

    static Result Failed(YamlParseResult failure) => new(null, null, failure);

    sealed class Frame(JsonNode container, string pointer, string? anchor, long startCount)
    {
        public JsonNode Container { get; } = container;
        public string Pointer { get; } = pointer;
        public string? Anchor { get; } = anchor;
        public long StartCount { get; } = startCount;
        public string? PendingKey { get; set; }
        public bool ExpectKey { get; set; } = true;
        public int Index { get; set; }
    }

    static Result ReadEvents(string text, YamlLimits limits)
    {
        var parser = new Parser(new StringReader(text));
        var positions = new SourcePositions();
        var anchors = new Dictionary<string, (JsonNode? Node, long Size)>();
        var stack = new Stack<Frame>();
        JsonObject? root = null;
        var documents = 0;
        long nodes = 0, expanded = 0;

        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart ds:
                    if (++documents > 1)
                        return Failed(YamlDocumentParser.Failure("the file holds several documents; exactly one is allowed", ds.Start));
                    continue;
                case StreamStart or StreamEnd or DocumentEnd or Comment:
                    continue;
            }

            // A key of a mapping is being read: it must be a scalar.
            if (stack.TryPeek(out var parent) && parent.Container is JsonObject && parent.ExpectKey)
            {
                if (current is MappingEnd)
                {
                    Close();
                    continue;
                }
                if (current is not Scalar keyScalar)
                    return Failed(YamlDocumentParser.Failure("mapping keys must be plain values", current.Start));
                var key = keyScalar.Value;
                if (((JsonObject)parent.Container).ContainsKey(key))
                    return Failed(YamlDocumentParser.Failure("duplicate key", keyScalar.Start));
                parent.PendingKey = key;
                parent.ExpectKey = false;
                positions.AddKey(parent.Pointer + "/" + SourcePositions.Escape(key), At(keyScalar.Start));
                continue;
            }

            switch (current)
            {
                case MappingStart ms:
                    if (stack.Count + 1 > limits.MaxDepth)
                        return Failed(YamlDocumentParser.Failure($"nesting is deeper than {limits.MaxDepth} levels", ms.Start));
                    nodes++; expanded++;
                    Open(new JsonObject(), ms.Start, ms.Anchor.IsEmpty ? null : ms.Anchor.Value);
                    break;
                case SequenceStart ss:
                    if (stack.Count + 1 > limits.MaxDepth)
                        return Failed(YamlDocumentParser.Failure($"nesting is deeper than {limits.MaxDepth} levels", ss.Start));
                    nodes++; expanded++;
                    Open(new JsonArray(), ss.Start, ss.Anchor.IsEmpty ? null : ss.Anchor.Value);
                    break;
                case MappingEnd or SequenceEnd:
                    Close();
                    break;
                case Scalar scalar:
                    nodes++; expanded++;
                    if (stack.Count == 0)
                        return Failed(YamlDocumentParser.Failure("root must be a mapping", scalar.Start));
                    var value = YamlToJson.Scalar(scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value);
                    if (!scalar.Anchor.IsEmpty)
                        anchors[scalar.Anchor.Value] = (value, 1);
                    Attach(value, scalar.Start);
                    break;
                case AnchorAlias alias:
                    if (stack.Count == 0)
                        return Failed(YamlDocumentParser.Failure("root must be a mapping", alias.Start));
                    var (anchored, size) = anchors.TryGetValue(alias.Value.Value, out var found) ? found : (null, 1);
                    expanded += size;
                    if (expanded - nodes > limits.MaxAliasNodes)
                        return Failed(YamlDocumentParser.Failure($"aliases expand to more than {limits.MaxAliasNodes} nodes", alias.Start));
                    Attach(anchored?.DeepClone(), alias.Start);
                    break;
            }
        }
        if (documents == 0 || root is null)
            return Failed(YamlDocumentParser.Failure(nodes == 0 ? "document is empty" : "root must be a mapping", null));
        return new Result(root, positions, null);

        void Open(JsonNode container, Mark start, string? anchor)
        {
            if (stack.Count == 0)
            {
                if (container is not JsonObject obj)
                    throw new RootNotMappingException(start);
                root = obj;
                positions.AddValue("", At(start));
                stack.Push(new Frame(container, "", anchor, expanded));
                return;
            }
            var pointer = Attach(container, start);
            stack.Push(new Frame(container, pointer, anchor, expanded));
        }

        void Close()
        {
            var frame = stack.Pop();
            if (frame.Anchor is not null)
                anchors[frame.Anchor] = (frame.Container, expanded - frame.StartCount + 1);
        }

        string Attach(JsonNode? value, Mark start)
        {
            var frame = stack.Peek();
            string pointer;
            if (frame.Container is JsonObject obj)
            {
                pointer = frame.Pointer + "/" + SourcePositions.Escape(frame.PendingKey!);
                obj[frame.PendingKey!] = value;
                frame.ExpectKey = true;
            }
            else
            {
                pointer = $"{frame.Pointer}/{frame.Index++}";
                ((JsonArray)frame.Container).Add(value);
            }
            positions.AddValue(pointer, At(start));
            return pointer;
        }
    }

    static SourcePosition At(Mark mark) => new((int)mark.Line, (int)mark.Column);

    sealed class RootNotMappingException(Mark at) : YamlException(at, at, "root must be a mapping");
}
