using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>A node as written in a flowchart statement: its id, and its label when written with a shape.</summary>
internal sealed record FlowchartNode(string Id, string? Label);

/// <summary>One edge of a flowchart statement; a chain <c>A --&gt; B --&gt; C</c> gives A→B and B→C.</summary>
internal sealed record FlowchartEdge(string Source, string Target, string? Label, bool Bidirectional);

/// <summary>
/// One flowchart statement: node groups (<c>A &amp; B</c>) joined by links, e.g.
/// <c>api[Billing API::container::.NET] --&gt;|SQL| db[(Invoices::datastore)]</c>.
/// </summary>
internal sealed partial class FlowchartStatement
{
    // Openers longest first, each with the closers it accepts (trapezoids may close either way).
    static readonly (string Open, string[] Close)[] Shapes =
    [
        ("(((", [")))"]), ("((", ["))"]), ("([", ["])"]), ("[[", ["]]"]), ("[(", [")]"]),
        ("[/", ["/]", "\\]"]), ("[\\", ["\\]", "/]"]), ("{{", ["}}"]),
        ("(", [")"]), ("[", ["]"]), ("{", ["}"]), (">", ["]"]),
    ];

    readonly string text;
    int position;

    FlowchartStatement(string text) => this.text = text;

    public List<FlowchartNode> Nodes { get; } = [];

    public List<FlowchartEdge> Edges { get; } = [];

    public static bool TryRead(string text, out FlowchartStatement statement)
    {
        statement = new FlowchartStatement(text);
        return statement.Read();
    }

    bool Read()
    {
        var group = ReadGroup();
        if (group is null)
            return false;
        while (true)
        {
            SkipSpaces();
            if (position >= text.Length)
                return true;
            var link = ReadLink();
            if (link is null)
                return false;
            var next = ReadGroup();
            if (next is null)
                return false;
            foreach (var from in group)
                foreach (var to in next)
                    Edges.Add(link.Value.Reverse
                        ? new FlowchartEdge(to.Id, from.Id, link.Value.Label, false)
                        : new FlowchartEdge(from.Id, to.Id, link.Value.Label, link.Value.Bidirectional));
            group = next;
        }
    }

    List<FlowchartNode>? ReadGroup()
    {
        var group = new List<FlowchartNode>();
        while (true)
        {
            var node = ReadNode();
            if (node is null)
                return null;
            group.Add(node);
            Nodes.Add(node);
            SkipSpaces();
            if (position >= text.Length || text[position] != '&')
                return group;
            position++;
        }
    }

    FlowchartNode? ReadNode()
    {
        SkipSpaces();
        var start = position;
        while (position < text.Length && (IsIdChar(text[position])
            || (text[position] is '-' or '.' && position + 1 < text.Length && IsIdChar(text[position + 1]) && position > start)))
            position++;
        if (position == start)
            return null;
        var id = text[start..position];
        string? label = null;
        if (LooksAt("@{"))
        {
            var close = text.IndexOf('}', position);
            if (close < 0)
                return null;
            var shapeData = ShapeDataLabel().Match(text[position..close]);
            label = shapeData.Success ? Clean(shapeData.Groups["label"].Value) : id;
            position = close + 1;
        }
        else if (Shapes.FirstOrDefault(s => LooksAt(s.Open)) is { Open: not null } shape)
        {
            label = ReadLabel(shape.Open.Length, shape.Close);
            if (label is null)
                return null;
        }
        if (ClassSuffix().Match(text, position) is { Success: true } suffix)
            position += suffix.Length;
        return new FlowchartNode(id, label);
    }

    string? ReadLabel(int openLength, string[] closers)
    {
        var from = position + openLength;
        while (from < text.Length && text[from] == ' ')
            from++;
        var search = from;
        if (from < text.Length && text[from] == '"')
        {
            var endQuote = text.IndexOf('"', from + 1);
            if (endQuote < 0)
                return null;
            search = endQuote + 1;
        }
        var close = closers.Select(c => (Index: text.IndexOf(c, search, StringComparison.Ordinal), c.Length))
            .Where(c => c.Index >= 0).OrderBy(c => c.Index).FirstOrDefault();
        if (close.Length == 0)
            return null;
        var label = Clean(text[from..close.Index]);
        position = close.Index + close.Length;
        return label;
    }

    (string? Label, bool Bidirectional, bool Reverse)? ReadLink()
    {
        var match = LabelledLink().Match(text, position);
        if (!match.Success)
            match = Link().Match(text, position);
        if (!match.Success)
            return null;
        position = match.Index + match.Length;
        var head = match.Groups["head"].Value;
        // An o or x head is an arrowhead only when a space follows; otherwise it starts the next node's id.
        if (head is "o" or "x" && position < text.Length && !char.IsWhiteSpace(text[position]))
        {
            if (match.Groups["text"].Success)
                return null;
            position--;
            head = "";
        }
        var label = match.Groups["text"].Success ? match.Groups["text"].Value : null;
        if (PipeLabel().Match(text, position) is { Success: true } pipe)
        {
            label = pipe.Groups["label"].Value;
            position += pipe.Length;
        }
        label = label is null ? null : Clean(label);
        var left = match.Groups["left"].Success;
        var right = head == ">";
        return (string.IsNullOrEmpty(label) ? null : label, left && right, left && !right);
    }

    bool LooksAt(string token) => text.AsSpan(position).StartsWith(token, StringComparison.Ordinal);

    void SkipSpaces()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
            position++;
    }

    static bool IsIdChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>A label without its quotes (and Markdown-string backticks), trimmed.</summary>
    static string Clean(string label)
    {
        var text = label.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            text = text[1..^1].Trim();
        if (text.Length >= 2 && text[0] == '`' && text[^1] == '`')
            text = text[1..^1].Trim();
        return text;
    }

    // -- text -->, == text ==>, -. text .->: the opening part must not itself be an arrow.
    [GeneratedRegex(@"\G\s*(?<left><)?(?:--(?![->])|==(?![=>])|-\.(?![-.]))\s*(?<text>[^|]+?)\s*(?:-{2,}(?<head>[>ox])?|={2,}(?<head>[>ox])?|\.-+(?<head>[>ox])?)(?=\s|[A-Za-z0-9_]|$)")]
    private static partial Regex LabelledLink();

    [GeneratedRegex(@"\G\s*(?<left><)?(?:-{2,}|={2,}|-\.+-)(?<head>[>ox])?")]
    private static partial Regex Link();

    [GeneratedRegex(@"\G\s*\|(?<label>[^|]*)\|")]
    private static partial Regex PipeLabel();

    [GeneratedRegex(@"\G:::[A-Za-z0-9_-]+")]
    private static partial Regex ClassSuffix();

    [GeneratedRegex(@"label\s*:\s*(?:""(?<label>[^""]*)""|(?<label>[^,}]*))")]
    private static partial Regex ShapeDataLabel();
}
