using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>
/// Reads the desktop app's flowchart-style C4 diagrams (context-repo-format §10): nodes <c>ID&lt;shape&gt;label&lt;/shape&gt;</c>
/// in any Mermaid shape with labels <c>name::kind::tech</c>, <c>subgraph</c> boundaries, and edges
/// <c>--&gt;</c>, <c>-.-&gt;</c>, <c>==&gt;</c>, <c>&lt;--&gt;</c> with <c>|label|</c> or <c>-- label --&gt;</c>, chained or not.
/// </summary>
internal static partial class FlowchartC4Syntax
{
    public static void Read(MermaidBlock block, int start, C4BlockBuilder builder)
    {
        var subgraphs = new Stack<string>();
        for (var i = start; i < block.Lines.Count; i++)
        {
            var line = block.FirstLine + i;
            var text = block.Lines[i].Trim().TrimEnd(';').TrimEnd();
            if (text.Length == 0 || text.StartsWith("%%", StringComparison.Ordinal) || Ignored().IsMatch(text))
                continue;
            var enclosing = subgraphs.TryPeek(out var current) && current.Length > 0 ? current : null;
            if (Subgraph().Match(text) is { Success: true } subgraph)
            {
                subgraphs.Push(ReadSubgraph(subgraph.Groups["rest"].Value.Trim(), enclosing, line, builder));
                continue;
            }
            if (text == "end")
            {
                if (!subgraphs.TryPop(out _))
                    builder.Warn(line, "end without an open subgraph");
                continue;
            }
            if (!FlowchartStatement.TryRead(text, out var statement))
            {
                builder.Warn(line, $"Unrecognised line ignored: {text}");
                continue;
            }
            Declare(statement, enclosing, line, builder);
            foreach (var edge in statement.Edges)
                builder.AddRelationship(RelationshipLabels.Relationship(edge.Source, edge.Target, edge.Label, tech: null, edge.Bidirectional), line);
        }
        if (subgraphs.Count > 0)
            builder.Warn(block.FirstLine + block.Lines.Count - 1, $"Subgraph {subgraphs.Peek()} is not closed");
    }

    /// <summary>
    /// A node written with a shape is declared; a bare id on a line of its own declares an external node
    /// named after it; a bare id inside an edge only refers to a node declared elsewhere.
    /// </summary>
    static void Declare(FlowchartStatement statement, string? boundary, int line, C4BlockBuilder builder)
    {
        foreach (var node in statement.Nodes)
        {
            if (node.Label is { } label)
                builder.AddNode(NodeOf(node.Id, label, boundary, line, builder), line);
            else if (statement.Edges.Count == 0 && !builder.Declares(node.Id))
                builder.AddNode(new C4Node(node.Id, node.Id, C4Kinds.External, Boundary: boundary), line);
        }
    }

    static C4Node NodeOf(string id, string label, string? boundary, int line, C4BlockBuilder builder)
    {
        var parts = label.Split("::").Select(p => p.Trim()).ToArray();
        var name = parts[0].Length > 0 ? parts[0] : id;
        if (parts.Length == 1)
            return new C4Node(id, name, C4Kinds.External, Boundary: boundary);
        var word = parts[1];
        var kind = C4Kinds.OfWord(word);
        if (kind is null)
            builder.Warn(line, $"Unknown kind '{word}' for {id}; treated as a container", id);
        var tech = parts.Length > 2 ? string.Join("::", parts[2..]) : "";
        return new C4Node(id, name, kind ?? C4Kinds.Container,
            Tech: tech.Length > 0 ? tech : null,
            Boundary: boundary,
            KindRaw: kind is null ? word : null);
    }

    static string ReadSubgraph(string rest, string? parent, int line, C4BlockBuilder builder)
    {
        string id, name;
        if (SubgraphWithTitle().Match(rest) is { Success: true } titled)
            (id, name) = (titled.Groups["id"].Value, C4Header.Unquote(titled.Groups["title"].Value));
        else
            id = name = C4Header.Unquote(rest);
        if (id.Length == 0)
        {
            builder.Warn(line, "subgraph without a name ignored");
            return "";
        }
        builder.AddBoundary(new C4Boundary(id, name, "subgraph", parent), line);
        return id;
    }

    [GeneratedRegex(@"^(?:flowchart|graph)\b|^(?:direction|classDef|class|style|linkStyle|click|accTitle|accDescr)\b")]
    private static partial Regex Ignored();

    [GeneratedRegex(@"^subgraph\b(?<rest>.*)$")]
    private static partial Regex Subgraph();

    [GeneratedRegex(@"^(?<id>[^\s\[""]+)\s*\[(?<title>.*)\]$")]
    private static partial Regex SubgraphWithTitle();
}
