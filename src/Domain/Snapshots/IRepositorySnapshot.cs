using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Snapshots;

/// <summary>
/// A read-only view of one branch's working tree. The engines read repositories only through this,
/// so they run the same over a folder on disk, a git commit or an in-memory test repository.
/// </summary>
public interface IRepositorySnapshot
{
    /// <summary>Every file below <paramref name="folder"/>, recursively, in ordinal path order.</summary>
    IReadOnlyList<RepoPath> ListFiles(RepoPath folder);

    /// <summary>The file's text, or null when there is no such file.</summary>
    string? ReadText(RepoPath path);
}

/// <summary>An in-memory snapshot, for tests and for content that is not on disk yet.</summary>
public sealed class InMemorySnapshot(IReadOnlyDictionary<string, string> files) : IRepositorySnapshot
{
    public IReadOnlyList<RepoPath> ListFiles(RepoPath folder) =>
        files.Keys.Select(k => RepoPath.Parse(k)).Where(p => p.IsUnder(folder))
            .OrderBy(p => p.Value, StringComparer.Ordinal).ToList();

    public string? ReadText(RepoPath path) => files.GetValueOrDefault(path.Value);
}
