using System.Security.Cryptography;
using System.Text;

namespace ContextKit.Domain.Repositories;

/// <summary>Rules for repository names and ids, and for branch names.</summary>
public static class RepositoryNames
{
    public const int MaxNameLength = 100;

    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return "A repository needs a name.";
        if (name.Trim().Length > MaxNameLength)
            return $"A repository name has at most {MaxNameLength} characters.";
        if (name.Any(char.IsControl))
            return "A repository name may not contain control characters.";
        return null;
    }

    /// <summary>A new id: the slug of the name and a random suffix, e.g. <c>billing-7f3a9c</c>.</summary>
    public static string NewId(string name)
    {
        var slug = Slug(name, 40);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return slug.Length == 0 ? $"repo-{suffix}" : $"{slug}-{suffix}";
    }

    /// <summary>Ids are what <see cref="NewId"/> makes: lower-case letters, digits and dashes.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    public static string Slug(string text, int maxLength)
    {
        var builder = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length > maxLength ? slug[..maxLength].Trim('-') : slug;
    }

    /// <summary>Null when <paramref name="branch"/> is a usable branch name (git's check-ref-format rules), else why not.</summary>
    public static string? CheckBranch(string? branch)
    {
        if (string.IsNullOrWhiteSpace(branch))
            return "A branch needs a name.";
        if (branch.Length > 200)
            return "A branch name has at most 200 characters.";
        if (branch.StartsWith('/') || branch.EndsWith('/') || branch.EndsWith('.') || branch.StartsWith('-')
            || branch.Contains("..") || branch.Contains("//") || branch.Contains("@{") || branch == "@"
            || branch.EndsWith(".lock", StringComparison.Ordinal) || branch.Split('/').Any(s => s.StartsWith('.'))
            || branch.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
            return $"'{branch}' is not a valid branch name.";
        if (branch.Equals("HEAD", StringComparison.Ordinal))
            return "'HEAD' is reserved and cannot be a branch name.";
        return null;
    }
}
