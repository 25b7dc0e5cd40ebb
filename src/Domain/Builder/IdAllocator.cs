using System.Globalization;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Repositories;

namespace ContextKit.Domain.Builder;

/// <summary>An allocated id and the high-water mark the repository grain keeps for the next allocation.</summary>
public sealed record AllocatedId(string Id, long Mark);

/// <summary>
/// New entity ids (context-repo-format §12), as pure functions the repository grain calls while it holds
/// the reserved marks, so that two users or two branches never get the same id.
/// Features, user stories, specs and tasks are numbered: one more than both the largest number in use on
/// any known branch and the last number handed out, as wide as most ids of the type already are.
/// Services and packages are named: <c>svc-</c> or <c>pkg-</c> and the slug of the name.
/// </summary>
public static class IdAllocator
{
    /// <summary>The schemas ask for at least three digits.</summary>
    public const int MinimumWidth = 3;

    /// <summary>The id prefix of a numbered type (<c>FEAT-</c>, <c>US-</c>, <c>SPEC-</c>, <c>T-</c>), or null for a named one.</summary>
    public static string? PrefixOf(EntityType type) =>
        type == EntityType.Feature ? "FEAT-"
        : type == EntityType.UserStory ? "US-"
        : type == EntityType.Spec ? "SPEC-"
        : type == EntityType.Task ? "T-"
        : null;

    /// <summary>
    /// The next id of a numbered type. <paramref name="existingIds"/> are the ids on all known branches (ids of
    /// other types are ignored); <paramref name="lastAllocated"/> is the mark returned by the previous call (0 at first).
    /// </summary>
    public static AllocatedId Next(EntityType type, IEnumerable<string> existingIds, long lastAllocated)
    {
        var prefix = PrefixOf(type) ?? throw new ArgumentException($"{type.Label} ids are made from names; use {nameof(ForName)}.", nameof(type));
        var highest = Math.Max(0, lastAllocated);
        var widths = new Dictionary<int, int>();
        foreach (var id in existingIds)
        {
            if (!id.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var digits = id[prefix.Length..];
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
                || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                continue;
            highest = Math.Max(highest, number);
            widths[digits.Length] = widths.GetValueOrDefault(digits.Length) + 1;
        }
        // The most common width, the wider one on a tie; a number that outgrows it simply gets more digits.
        var width = widths.Count == 0 ? MinimumWidth : widths.OrderByDescending(w => w.Value).ThenByDescending(w => w.Key).First().Key;
        var next = checked(highest + 1);
        return new AllocatedId(prefix + next.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(width, MinimumWidth), '0'), next);
    }

    /// <summary>
    /// <paramref name="count"/> consecutive ids of a numbered type, for a batch such as the tasks of one tasks.md
    /// (context-repo-format §11); the mark is the last number handed out.
    /// </summary>
    public static (IReadOnlyList<string> Ids, long Mark) NextBatch(EntityType type, IEnumerable<string> existingIds, long lastAllocated, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var known = existingIds.ToList();
        var ids = new List<string>(count);
        var mark = lastAllocated;
        for (var i = 0; i < count; i++)
        {
            var next = Next(type, known, mark);
            ids.Add(next.Id);
            known.Add(next.Id);
            mark = next.Mark;
        }
        return (ids, mark);
    }

    /// <summary>
    /// The id of a new service or package: <c>svc-</c>/<c>pkg-</c> and the slug of <paramref name="name"/>,
    /// then <c>-2</c>, <c>-3</c>… while it collides (ignoring case) with <paramref name="knownIds"/> — every id on
    /// every known branch plus the ids reserved but not written yet.
    /// </summary>
    public static string ForName(EntityType type, string? name, IEnumerable<string> knownIds)
    {
        var prefix = type == EntityType.Service ? "svc-" : type == EntityType.Package ? "pkg-"
            : throw new ArgumentException($"{type.Label} ids are numbered; use {nameof(Next)}.", nameof(type));
        var slug = RepositoryNames.Slug(name ?? "", 40);
        // "svc-billing" as a name should not become "svc-svc-billing".
        if (slug.StartsWith(prefix, StringComparison.Ordinal))
            slug = slug[prefix.Length..];
        if (slug.Length == 0 || slug == prefix.TrimEnd('-'))
            slug = type.Name;
        var taken = new HashSet<string>(knownIds, StringComparer.OrdinalIgnoreCase);
        var id = prefix + slug;
        for (var n = 2; taken.Contains(id); n++)
            id = $"{prefix}{slug}-{n}";
        return id;
    }
}
