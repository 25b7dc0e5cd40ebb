using System.Text.RegularExpressions;

namespace ContextKit.Domain.C4;

/// <summary>A fenced <c>mermaid</c> code block of a Markdown file: its lines and the 1-based line of the first one.</summary>
internal sealed record MermaidBlock(int FirstLine, IReadOnlyList<string> Lines);

/// <summary>
/// Finds the <c>```mermaid</c> (or <c>~~~mermaid</c>) fenced blocks of a Markdown text, following CommonMark's
/// fence rules closely enough that a mermaid fence shown inside another code block is not taken for a diagram.
/// </summary>
internal static partial class MermaidBlocks
{
    public static IReadOnlyList<MermaidBlock> In(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var blocks = new List<MermaidBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
                continue;
            var fence = open.Groups["fence"].Value;
            var isMermaid = open.Groups["info"].Value.Equals("mermaid", StringComparison.OrdinalIgnoreCase);
            var body = new List<string>();
            var j = i + 1;
            for (; j < lines.Length && !Closes(lines[j], fence); j++)
                body.Add(lines[j]);
            if (isMermaid)
                blocks.Add(new MermaidBlock(i + 2, body));
            i = j;
        }
        return blocks;
    }

    static bool Closes(string line, string fence)
    {
        var close = Fence().Match(line);
        return close.Success && close.Groups["info"].Length == 0 && close.Groups["rest"].Value.Trim().Length == 0
            && close.Groups["fence"].Value[0] == fence[0] && close.Groups["fence"].Length >= fence.Length;
    }

    // A backtick fence's info string may not contain backticks.
    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})\s*(?<info>[^`\s]*)(?<rest>[^`]*)$")]
    private static partial Regex Fence();
}
