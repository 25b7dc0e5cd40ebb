using System.Globalization;
using System.Text.RegularExpressions;
using ContextKit.Domain.Repositories;

namespace ContextKit.Domain.Builder;

/// <summary>An allocated spec number (<c>"003"</c>) and the mark the repository grain keeps.</summary>
public sealed record AllocatedSpecNumber(string Number, long Mark);

/// <summary>
/// Numbers and folder names of spec-driven-development specs (context-repo-format §11 "Specify"):
/// <c>specs/NNN-slug/</c>, where NNN is one more than every number in use on any known branch and every
/// number already handed out, at least three digits wide.
/// </summary>
public static partial class SpecNumbers
{
    public const int SlugLength = 50;

    /// <summary>
    /// The next spec number. <paramref name="specEntries"/> are the entries under <c>specs/</c> on all known
    /// branches, as folder names (<c>001-login</c>) or paths (<c>specs/001-login/spec.md</c>);
    /// <paramref name="lastAllocated"/> is the mark of the previous call (0 at first).
    /// </summary>
    public static AllocatedSpecNumber Next(IEnumerable<string> specEntries, long lastAllocated)
    {
        var highest = Math.Max(0, lastAllocated);
        foreach (var entry in specEntries)
        {
            var name = entry.StartsWith("specs/", StringComparison.Ordinal) ? entry["specs/".Length..] : entry;
            var match = Numbered().Match(name);
            if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                highest = Math.Max(highest, number);
        }
        var next = checked(highest + 1);
        return new AllocatedSpecNumber(next.ToString("000", CultureInfo.InvariantCulture), next);
    }

    /// <summary>Lower-case, runs of anything but <c>a-z0-9</c> as one dash, trimmed, at most 50 characters; <c>spec</c> when nothing is left.</summary>
    public static string Slug(string? description)
    {
        var slug = RepositoryNames.Slug(description ?? "", SlugLength);
        return slug.Length == 0 ? "spec" : slug;
    }

    /// <summary>The spec's folder name and branch suffix, <c>003-offline-sync</c>.</summary>
    public static string FolderName(string number, string? description) => $"{number}-{Slug(description)}";

    [GeneratedRegex("^([0-9]+)(-|/|$)")]
    private static partial Regex Numbered();
}
