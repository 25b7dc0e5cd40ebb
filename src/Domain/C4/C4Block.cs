using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>
/// One C4 block of a diagram file as read, before validation: <c>Index</c> counts C4 blocks only, from 0;
/// <c>Keyword</c> is the native diagram keyword (<c>C4Container</c>…) or null for the flowchart style;
/// <c>DeclaredAt</c> gives the file line each element was declared on.
/// </summary>
internal sealed partial record C4Block(
    string File,
    int Index,
    int FirstLine,
    string? Keyword,
    C4Header? Header,
    string? Title,
    IReadOnlyList<C4Node> Nodes,
    IReadOnlyList<C4Relationship> Relationships,
    IReadOnlyList<C4Boundary> Boundaries,
    IReadOnlyList<C4Warning> Warnings,
    IReadOnlyDictionary<string, int> DeclaredAt)
{
    /// <summary>
    /// The C4 blocks of a Markdown file: mermaid blocks that start with a native C4 keyword, or that carry a
    /// <c>%% c4:</c> header line (the desktop app's flowchart style). Other mermaid blocks are not C4 blocks.
    /// </summary>
    public static IReadOnlyList<C4Block> ReadAll(string file, string markdown)
    {
        var blocks = new List<C4Block>();
        foreach (var mermaid in MermaidBlocks.In(markdown))
        {
            var (title, first) = FrontMatter(mermaid.Lines);
            var keyword = FirstStatement(mermaid.Lines, first)?.Split(' ', 2)[0];
            var native = keyword is not null && NativeC4Syntax.Keywords.Contains(keyword);
            var headerAt = mermaid.Lines.Select((line, i) => (Text: C4Header.TextOf(line), i)).FirstOrDefault(h => h.Text is not null);
            // C4Deployment is read natively when it carries a header, but is no C4 block on its own.
            if (!(native && keyword != "C4Deployment") && headerAt.Text is null)
                continue;
            var builder = new C4BlockBuilder(file, blocks.Count) { Title = title };
            if (headerAt.Text is not null)
            {
                var line = mermaid.FirstLine + headerAt.i;
                builder.Header = C4Header.Parse(headerAt.Text, line, message => builder.Warn(line, message));
            }
            if (native)
                NativeC4Syntax.Read(mermaid, first, builder);
            else
                FlowchartC4Syntax.Read(mermaid, first, builder);
            var relationships = builder.KnownRelationships();
            blocks.Add(new C4Block(file, builder.Block, mermaid.FirstLine, native ? keyword : null, builder.Header, builder.Title,
                builder.Nodes, relationships, builder.Boundaries, builder.Warnings, builder.DeclaredAt));
        }
        return blocks;
    }

    /// <summary>The level a block has without a <c>level=</c> header: C1 for C4Context, C2 for C4Container, C3 for C4Component, else C2.</summary>
    public string DefaultLevel => Keyword switch
    {
        "C4Context" => "C1",
        "C4Container" => "C2",
        "C4Component" => "C3",
        _ => "C2",
    };

    /// <summary>The first line that is not blank or a <c>%%</c> comment or directive.</summary>
    static string? FirstStatement(IReadOnlyList<string> lines, int from) =>
        lines.Skip(from).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal));

    /// <summary>Mermaid front matter (<c>---</c> … <c>---</c> before the diagram): its title, and the line after it.</summary>
    static (string? Title, int Next) FrontMatter(IReadOnlyList<string> lines)
    {
        var start = 0;
        while (start < lines.Count && lines[start].Trim().Length == 0)
            start++;
        if (start >= lines.Count || lines[start].Trim() != "---")
            return (null, 0);
        string? title = null;
        for (var i = start + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim() == "---")
                return (title, i + 1);
            if (FrontMatterTitle().Match(lines[i]) is { Success: true } match)
                title = C4Header.Unquote(match.Groups["title"].Value);
        }
        return (null, 0);
    }

    [GeneratedRegex(@"^title\s*:\s*(?<title>.+)$")]
    private static partial Regex FrontMatterTitle();
}
