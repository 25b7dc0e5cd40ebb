using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Components.Git;

/// <summary>One line of a file's diff with its numbers in the old and the new file (null where it does not exist).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);

public enum DiffLineKind { Context, Added, Removed, Hunk }

/// <summary>A row of the side-by-side view: the old line on the left, the new one on the right, or a hunk header.</summary>
public sealed record SideBySideRow(DiffLine? Left, DiffLine? Right, string? Hunk = null);

/// <summary>Turns a file's hunks into the rows the diff viewer shows, inline or side by side.</summary>
public static class DiffRows
{
    public static IReadOnlyList<DiffLine> Inline(FileDiff file)
    {
        var rows = new List<DiffLine>();
        foreach (var hunk in file.Hunks)
        {
            rows.Add(new DiffLine(DiffLineKind.Hunk, null, null, $"@@ -{hunk.OldStart},{hunk.OldLines} +{hunk.NewStart},{hunk.NewLines} @@"));
            var (older, newer) = (hunk.OldStart, hunk.NewStart);
            foreach (var line in hunk.Lines)
            {
                var text = line.Length > 0 ? line[1..] : "";
                rows.Add(line.FirstOrDefault() switch
                {
                    '+' => new DiffLine(DiffLineKind.Added, null, newer++, text),
                    '-' => new DiffLine(DiffLineKind.Removed, older++, null, text),
                    _ => new DiffLine(DiffLineKind.Context, older++, newer++, text),
                });
            }
        }
        return rows;
    }

    /// <summary>Removed lines face the added lines that replace them, row by row; unchanged lines face themselves.</summary>
    public static IReadOnlyList<SideBySideRow> SideBySide(FileDiff file)
    {
        var rows = new List<SideBySideRow>();
        var removed = new List<DiffLine>();
        var added = new List<DiffLine>();
        void Flush()
        {
            for (var i = 0; i < Math.Max(removed.Count, added.Count); i++)
                rows.Add(new SideBySideRow(i < removed.Count ? removed[i] : null, i < added.Count ? added[i] : null));
            removed.Clear();
            added.Clear();
        }
        foreach (var line in Inline(file))
        {
            switch (line.Kind)
            {
                case DiffLineKind.Removed:
                    removed.Add(line);
                    break;
                case DiffLineKind.Added:
                    added.Add(line);
                    break;
                case DiffLineKind.Hunk:
                    Flush();
                    rows.Add(new SideBySideRow(null, null, line.Text));
                    break;
                default:
                    Flush();
                    rows.Add(new SideBySideRow(line, line));
                    break;
            }
        }
        Flush();
        return rows;
    }
}
