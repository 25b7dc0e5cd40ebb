namespace ContextKit.Grains.Git;

/// <summary>Reads <c>git status --porcelain=v1 -z</c>: one <c>XY path</c> entry per changed file, renames followed by their old path.</summary>
public static class GitStatusOutput
{
    public static IReadOnlyList<(string Path, string State)> Parse(string output)
    {
        var changes = new List<(string Path, string State)>();
        var entries = output.Split('\0');
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length < 4)
                continue;
            var (x, y) = (entry[0], entry[1]);
            changes.Add((entry[3..], Describe(x, y)));
            // A rename or copy in the index names its old path as the next entry.
            if (x is 'R' or 'C')
                i++;
        }
        return changes.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    static string Describe(char x, char y) => (x, y) switch
    {
        ('U', _) or (_, 'U') or ('A', 'A') or ('D', 'D') => "conflicted",
        ('?', '?') or ('A', _) => "added",
        ('D', _) or (_, 'D') => "deleted",
        ('R', _) or (_, 'R') => "renamed",
        _ => "modified",
    };
}
