using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>
/// Reads Mermaid's native C4 syntax (<c>C4Context</c>, <c>C4Container</c>, <c>C4Component</c>, <c>C4Dynamic</c>):
/// element statements, boundaries with <c>{ … }</c> nesting and relationships (context-repo-format §10).
/// Style and layout statements are ignored.
/// </summary>
internal static partial class NativeC4Syntax
{
    public static IReadOnlyList<string> Keywords { get; } = ["C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment"];

    static readonly Dictionary<string, string> ElementKinds = new(StringComparer.Ordinal)
    {
        ["Person"] = C4Kinds.External,
        ["System"] = C4Kinds.System,
        ["SystemDb"] = C4Kinds.Datastore,
        ["SystemQueue"] = C4Kinds.Queue,
        ["Container"] = C4Kinds.Container,
        ["ContainerDb"] = C4Kinds.Datastore,
        ["ContainerQueue"] = C4Kinds.Queue,
        ["Component"] = C4Kinds.Component,
        ["ComponentDb"] = C4Kinds.Datastore,
        ["ComponentQueue"] = C4Kinds.Queue,
    };

    // Deployment nodes only occur in C4Deployment blocks; they nest like boundaries.
    static readonly HashSet<string> BoundaryKeywords = new(StringComparer.Ordinal)
    {
        "Boundary", "Enterprise_Boundary", "System_Boundary", "Container_Boundary",
        "Deployment_Node", "Node", "Node_L", "Node_R",
    };

    static readonly Dictionary<string, string?> RelationshipDirections = new(StringComparer.Ordinal)
    {
        ["Rel"] = null, ["BiRel"] = null, ["RelIndex"] = null,
        ["Rel_U"] = "up", ["Rel_Up"] = "up",
        ["Rel_D"] = "down", ["Rel_Down"] = "down",
        ["Rel_L"] = "left", ["Rel_Left"] = "left",
        ["Rel_R"] = "right", ["Rel_Right"] = "right",
        ["Rel_Back"] = "back",
    };

    public static void Read(MermaidBlock block, int start, C4BlockBuilder builder)
    {
        var open = new Stack<string>();
        string? awaitingBrace = null;
        var sawKeyword = false;
        for (var i = start; i < block.Lines.Count; i++)
        {
            var line = block.FirstLine + i;
            var text = block.Lines[i].Trim();
            if (text.Length == 0 || text.StartsWith("%%", StringComparison.Ordinal))
                continue;
            if (!sawKeyword && Keywords.Contains(text.Split(' ', 2)[0]))
            {
                sawKeyword = true;
                continue;
            }
            if (awaitingBrace is not null && text.StartsWith('{'))
            {
                open.Push(awaitingBrace);
                awaitingBrace = null;
                text = text[1..].Trim();
                if (text.Length == 0)
                    continue;
            }
            awaitingBrace = null;
            if (text.StartsWith('}'))
            {
                if (!open.TryPop(out _))
                    builder.Warn(line, "Closing brace without an open boundary");
                continue;
            }
            if (Title().Match(text) is { Success: true } title)
            {
                builder.Title = title.Groups["title"].Value.Trim();
                continue;
            }
            if (text.StartsWith("accTitle", StringComparison.Ordinal) || text.StartsWith("accDescr", StringComparison.Ordinal))
                continue;
            var statement = Statement(text);
            if (statement is null)
            {
                builder.Warn(line, $"Unrecognised line ignored: {text}");
                continue;
            }
            var (keyword, arguments, opensBlock) = statement.Value;
            var enclosing = open.TryPeek(out var current) ? current : null;
            if (BoundaryKeywords.Contains(keyword))
            {
                var id = ReadBoundary(keyword, arguments, enclosing, line, builder);
                if (opensBlock)
                    open.Push(id ?? "");
                else
                    awaitingBrace = id ?? "";
            }
            else if (KindOf(keyword) is { } kind)
                ReadElement(keyword, kind, arguments, enclosing, line, builder);
            else if (RelationshipDirections.TryGetValue(keyword, out var direction))
                ReadRelationship(keyword, direction, arguments, line, builder);
            else if (!IsStyle(keyword))
                builder.Warn(line, $"Unrecognised statement ignored: {keyword}");
        }
        if (open.Count > 0)
            builder.Warn(block.FirstLine + block.Lines.Count - 1, $"Boundary {open.Peek()} is not closed");
    }

    /// <summary>The kind of an element keyword: every <c>*_Ext</c> is external; null when it is no element.</summary>
    public static string? KindOf(string keyword)
    {
        if (keyword.EndsWith("_Ext", StringComparison.Ordinal))
            return ElementKinds.ContainsKey(keyword[..^4]) ? C4Kinds.External : null;
        return ElementKinds.GetValueOrDefault(keyword);
    }

    static void ReadElement(string keyword, string kind, C4Arguments arguments, string? boundary, int line, C4BlockBuilder builder)
    {
        var id = arguments.At(0);
        if (id is null)
        {
            builder.Warn(line, $"{keyword} without an alias ignored");
            return;
        }
        // Containers and components take a technology before the description; people and systems do not.
        var hasTech = keyword.StartsWith("Container", StringComparison.Ordinal) || keyword.StartsWith("Component", StringComparison.Ordinal);
        var offset = hasTech ? 1 : 0;
        builder.AddNode(new C4Node(
            id,
            arguments.At(1) ?? id,
            kind,
            Tech: hasTech ? arguments.Get("techn", 2) : arguments.Get("techn", -1),
            Description: arguments.Get("descr", 2 + offset),
            Element: keyword,
            Boundary: boundary,
            Tags: arguments.Get("tags", 4 + offset),
            Link: arguments.Get("link", 5 + offset)), line);
    }

    static string? ReadBoundary(string keyword, C4Arguments arguments, string? parent, int line, C4BlockBuilder builder)
    {
        var id = arguments.At(0);
        if (id is null)
        {
            builder.Warn(line, $"{keyword} without an alias ignored");
            return null;
        }
        builder.AddBoundary(new C4Boundary(id, arguments.At(1) ?? id, keyword, parent), line);
        return id;
    }

    static void ReadRelationship(string keyword, string? direction, C4Arguments arguments, int line, C4BlockBuilder builder)
    {
        if (keyword == "RelIndex")
            arguments = arguments.Skip(1);
        var (source, target) = (arguments.At(0), arguments.At(1));
        if (source is null || target is null)
        {
            builder.Warn(line, $"{keyword} needs a source and a target; ignored");
            return;
        }
        builder.AddRelationship(RelationshipLabels.Relationship(
            source, target,
            label: arguments.At(2),
            tech: arguments.Get("techn", 3),
            bidirectional: keyword == "BiRel",
            direction: direction,
            tags: arguments.Get("tags", 6),
            link: arguments.Get("link", 7)), line);
    }

    static bool IsStyle(string keyword) =>
        keyword.StartsWith("Update", StringComparison.Ordinal) || keyword.StartsWith("Add", StringComparison.Ordinal)
        || keyword.StartsWith("Show", StringComparison.Ordinal) || keyword.StartsWith("Hide", StringComparison.Ordinal)
        || keyword.StartsWith("SHOW_", StringComparison.Ordinal) || keyword.StartsWith("HIDE_", StringComparison.Ordinal)
        || keyword.StartsWith("LAYOUT_", StringComparison.Ordinal);

    /// <summary><c>Keyword(args)</c>, optionally followed by <c>{</c>; the closing parenthesis is found outside quotes.</summary>
    static (string Keyword, C4Arguments Arguments, bool OpensBlock)? Statement(string text)
    {
        var head = StatementHead().Match(text);
        if (!head.Success)
            return null;
        var start = head.Length;
        var quoted = false;
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c == '(')
                depth++;
            else if (!quoted && c == ')' && depth-- == 0)
            {
                var rest = text[(i + 1)..].Trim();
                if (rest.Length > 0 && rest != "{")
                    return null;
                return (head.Groups["keyword"].Value, C4Arguments.Parse(text[start..i]), rest == "{");
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(?<keyword>[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex StatementHead();

    [GeneratedRegex(@"^title\s+(?<title>.+)$")]
    private static partial Regex Title();
}
