namespace ContextKit.Domain.Paths;

/// <summary>
/// A repository-relative path in canonical form: forward slashes, no empty, "." or ".." segments,
/// never absolute and never inside <c>.git</c>. Every file operation takes one of these, so
/// the checks live here and nowhere else.
/// </summary>
public sealed record RepoPath
{
    public const int MaxLength = 1024;
    const int MaxSegmentLength = 255;

    public string Value { get; }

    RepoPath(string value) => Value = value;

    public static RepoPath Root { get; } = new("");

    public bool IsRoot => Value.Length == 0;

    public string Name => IsRoot ? "" : Value[(Value.LastIndexOf('/') + 1)..];

    public override string ToString() => Value;

    /// <summary>Parses a path, or throws <see cref="InvalidPathException"/> saying what is wrong.</summary>
    public static RepoPath Parse(string? input, bool allowRoot = false) =>
        TryParse(input, allowRoot, out var path, out var error) ? path : throw new InvalidPathException(input ?? "", error);

    public static bool TryParse(string? input, bool allowRoot, out RepoPath path, out string error)
    {
        path = Root;
        input ??= "";
        var trimmed = input.Trim('/');
        if (trimmed.Length == 0)
        {
            error = allowRoot ? "" : "The path is empty.";
            return allowRoot;
        }
        if (input.Length > MaxLength)
        {
            error = $"The path is longer than {MaxLength} characters.";
            return false;
        }
        if (input.StartsWith('/') || (input.Length >= 2 && input[1] == ':') || input.StartsWith('~'))
        {
            error = "Absolute paths are not allowed; use a path relative to the repository root.";
            return false;
        }
        foreach (var c in input)
        {
            if (c == '\\')
            {
                error = "Use '/' to separate folders; '\\' is not allowed in paths.";
                return false;
            }
            if (char.IsControl(c))
            {
                error = "The path contains a control character.";
                return false;
            }
        }
        var segments = trimmed.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                error = "The path may not contain empty, '.' or '..' segments.";
                return false;
            }
            if (segment.Length > MaxSegmentLength)
            {
                error = $"A path segment is longer than {MaxSegmentLength} characters.";
                return false;
            }
            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                error = "The .git folder cannot be read or written.";
                return false;
            }
        }
        path = new RepoPath(string.Join('/', segments));
        error = "";
        return true;
    }

    /// <summary>True when this path is <paramref name="folder"/> itself or lies below it.</summary>
    public bool IsUnder(RepoPath folder) =>
        folder.IsRoot || Value == folder.Value || Value.StartsWith(folder.Value + "/", StringComparison.Ordinal);
}

/// <summary>A path given by a caller that is not an acceptable repository-relative path.</summary>
public sealed class InvalidPathException(string path, string reason) : Exception($"Invalid path '{Truncate(path)}': {reason}")
{
    public string Reason { get; } = reason;

    static string Truncate(string p) => p.Length > 120 ? p[..120] + "…" : p;
}
