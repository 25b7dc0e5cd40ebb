using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Compliance;

/// <summary>
/// One glob of a constitution layer's <c>paths</c>: <c>*</c> matches within a path segment, <c>**</c> any
/// number of segments; a pattern without wildcards matches that file or anything under that folder.
/// </summary>
public sealed class LayerPattern
{
    readonly string[] segments;
    readonly bool literal;

    LayerPattern(string text)
    {
        Text = text;
        var normalised = text.Trim();
        while (normalised.StartsWith("./", StringComparison.Ordinal))
            normalised = normalised[2..];
        normalised = normalised.Trim('/');
        literal = !normalised.Contains('*');
        segments = normalised.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    public string Text { get; }

    public static LayerPattern Parse(string text) => new(text);

    public bool Matches(RepoPath path)
    {
        var parts = path.Value.Split('/');
        if (literal)
            return segments.Length > 0 && parts.Length >= segments.Length
                && segments.AsSpan().SequenceEqual(parts.AsSpan(0, segments.Length));
        return Match(0, parts, 0);
    }

    bool Match(int p, string[] parts, int s)
    {
        if (p == segments.Length)
            return s == parts.Length;
        if (segments[p] == "**")
        {
            for (var k = s; k <= parts.Length; k++)
                if (Match(p + 1, parts, k))
                    return true;
            return false;
        }
        return s < parts.Length && SegmentMatches(segments[p], parts[s]) && Match(p + 1, parts, s + 1);
    }

    /// <summary>A glob with <c>*</c> only, against one segment.</summary>
    static bool SegmentMatches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
                return false;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
