using System.Security.Cryptography;
using System.Text;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Grains.Contracts;
using LibGit2Sharp;
using NotFoundException = ContextKit.Grains.Contracts.NotFoundException;
using TreeEntry = ContextKit.Grains.Contracts.TreeEntry;

namespace ContextKit.Grains.Git;

/// <summary>
/// One branch's working tree on disk and the git repository behind it. Not thread-safe (neither is a
/// LibGit2Sharp <see cref="Repository"/>): its owner, the branch's WorkspaceGrain, calls it one
/// operation at a time, through <see cref="GitWork"/>.
/// </summary>
public sealed partial class WorkingTree(string root) : IRepositorySnapshot, IDisposable
{
    Repository? repository;

    public string Root { get; } = Path.GetFullPath(root);

    Repository Git
    {
        get
        {
            try
            {
                return repository ??= new Repository(Root);
            }
            catch (LibGit2SharpException)
            {
                throw new RepositoryCorruptException();
            }
        }
    }

    /// <summary>The content version of a file: its git blob id, so equal content has an equal version on every node.</summary>
    public static string ETagOf(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(header);
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public string? Head => Git.Head.Tip?.Sha;

    public IReadOnlyList<TreeEntry> List(RepoPath folder)
    {
        var full = FullPath(folder);
        if (!Directory.Exists(full))
            throw new NotFoundException($"The folder '{folder}' was not found.");
        return new DirectoryInfo(full).EnumerateFileSystemInfos()
            .Where(i => i.Name != ".git" && i.LinkTarget is null)
            .Select(i => new TreeEntry(Relative(folder, i.Name), i is DirectoryInfo ? "dir" : "file", i is FileInfo f ? f.Length : null))
            .OrderBy(e => e.Kind == "dir" ? 0 : 1).ThenBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
    }

    public FileContent? Read(RepoPath path)
    {
        var full = FullPath(path);
        if (!File.Exists(full))
            return null;
        var content = File.ReadAllBytes(full);
        return new FileContent(path.Value, content, ETagOf(content));
    }

    /// <summary>Writes atomically (temporary file, flush, rename) so a reader never sees half a file.</summary>
    public void Write(RepoPath path, byte[] content)
    {
        var full = FullPath(path);
        if (Directory.Exists(full))
            throw new ConflictException($"'{path}' is a folder.");
        for (var parent = Path.GetDirectoryName(full)!; parent.Length > Root.Length; parent = Path.GetDirectoryName(parent)!)
            if (File.Exists(parent))
                throw new ConflictException($"'{Path.GetRelativePath(Root, parent).Replace('\\', '/')}' is a file, so it cannot hold '{path}'.");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, full, overwrite: true);
    }

    public void Delete(RepoPath path)
    {
        File.Delete(FullPath(path));
        // Empty folders mean nothing to git; remove them so the tree shows what a clone would.
        var folder = Path.GetDirectoryName(FullPath(path))!;
        while (folder.Length > Root.Length && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
            folder = Path.GetDirectoryName(folder)!;
        }
    }

    /// <summary>
    /// The changed files against HEAD, untracked ones included. The git command line does this about three times
    /// faster than LibGit2Sharp on a 10,000-file tree (bench/README.md, "Git"); it runs without optional locks, so it
    /// never rewrites the index that LibGit2Sharp holds open.
    /// </summary>
    public IReadOnlyList<(string Path, string State)> Status() =>
        GitStatusOutput.Parse(GitCommandLine.Run(Root, "--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all"));

    /// <summary>Stages the given changed paths (all changes when null) and commits them. Null when nothing to commit.</summary>
    /// <remarks>
    /// The caller names paths it just found changed in <see cref="Status"/> (the workspace does, within one turn), so
    /// they are not looked up again: on 10,000 files a status costs tens of milliseconds.
    /// </remarks>
    public Commit? Commit(IReadOnlyList<string>? paths, string message, Signature author)
    {
        var selected = paths ?? Status().Select(s => s.Path).ToList();
        if (selected.Count == 0)
            return null;
        Commands.Stage(Git, selected);
        return Git.Commit(message, author, author, new CommitOptions());
    }

    /// <summary>
    /// The tree of <paramref name="revision"/> (a commit id, branch, tag or HEAD~n) as a snapshot; null when
    /// the branch has no commits yet. An unknown revision is the caller's mistake.
    /// </summary>
    public CommitSnapshot? SnapshotAt(string revision)
    {
        if (Git.Head.Tip is null && revision == "HEAD")
            return null;
        try
        {
            return Git.Lookup<Commit>(revision) is { } commit
                ? new CommitSnapshot(commit)
                : throw new BadRequestException($"'{revision}' does not name a commit of this repository.");
        }
        catch (LibGit2SharpException)
        {
            throw new BadRequestException($"'{revision}' does not name a commit of this repository.");
        }
    }

    /// <summary>The working tree against HEAD (untracked files included), or <paramref name="from"/> against <paramref name="to"/>.</summary>
    public GitDiff Diff(RepoPath? path, string? from, string? to)
    {
        var paths = path is null || path.IsRoot ? null : new[] { path.Value };
        var options = new CompareOptions { ContextLines = 3, IncludeUnmodified = false, Similarity = SimilarityOptions.Renames };
        Patch patch;
        if (from is null && to is null)
        {
            // Untracked files are part of this comparison (as additions), as the Changes view needs them.
            // Through the index, whose file stamps spare hashing every unchanged file (1.4 s → tens of ms on 10,000 files).
            patch = Git.Diff.Compare<Patch>(Git.Head.Tip?.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, paths,
                new ExplicitPathsOptions { ShouldFailOnUnmatchedPath = false }, options);
            return Describe(patch);
        }
        var older = Resolve(from ?? "HEAD");
        var newer = Resolve(to ?? "HEAD");
        patch = Git.Diff.Compare<Patch>(older.Tree, newer.Tree, paths, null, options);
        return Describe(patch);
    }

    /// <summary>Restores <paramref name="paths"/> to HEAD: changed and deleted files come back, files HEAD lacks are removed.</summary>
    public IReadOnlyList<string> Discard(IReadOnlyList<RepoPath> paths)
    {
        var changed = Status().ToDictionary(c => c.Path, c => c.State, StringComparer.Ordinal);
        var discarded = new List<string>();
        foreach (var path in paths.Where(p => changed.ContainsKey(p.Value)))
        {
            if (Git.Head.Tip?[path.Value] is { Target: Blob blob })
            {
                using var content = blob.GetContentStream();
                using var buffer = new MemoryStream();
                content.CopyTo(buffer);
                Write(path, buffer.ToArray());
            }
            else
            {
                Delete(path);
            }
            discarded.Add(path.Value);
        }
        // The index may hold a staged version from an earlier, interrupted commit; make it match HEAD too.
        if (discarded.Count > 0 && Git.Head.Tip is not null)
            Git.Index.Replace(Git.Head.Tip, discarded, null);
        return discarded;
    }

    /// <summary>
    /// Moves the branch (HEAD and working files) forward to <paramref name="sha"/> when it only adds to it;
    /// working changes stay unless the move would overwrite them. Never makes a merge commit.
    /// </summary>
    public (string Outcome, string? Before, IReadOnlyList<string> Paths) FastForward(string sha)
    {
        var target = Git.Lookup<Commit>(sha) ?? throw new RepositoryCorruptException();
        var head = Git.Head.Tip;
        if (head?.Sha == sha)
            return ("up-to-date", head.Sha, []);
        if (head is not null)
        {
            var mergeBase = Git.ObjectDatabase.FindMergeBase(head, target);
            if (mergeBase?.Sha == target.Sha)
                return ("ahead", head.Sha, []);
            if (mergeBase?.Sha != head.Sha)
                throw new RemoteSyncException(RemoteSyncException.Diverged,
                    "The branch and the remote both have commits the other lacks; merge them (or push from a fresh branch) instead of pulling.");
        }
        var paths = Git.Diff.Compare<TreeChanges>(head?.Tree, target.Tree).Select(c => c.Path.Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        try
        {
            Git.Merge(target, new Signature("Context Kit", "contextkit@localhost", DateTimeOffset.UtcNow),
                new MergeOptions { FastForwardStrategy = FastForwardStrategy.FastForwardOnly, FailOnConflict = true });
        }
        catch (CheckoutConflictException)
        {
            throw new RemoteSyncException(RemoteSyncException.WorkingChangesInTheWay,
                "Uncommitted changes on this branch touch files the pull would change; commit or discard them, then pull again.");
        }
        return ("fast-forwarded", head?.Sha, paths);
    }

    /// <summary>How far the branch is ahead of and behind what was last fetched from (or pushed to) the remote.</summary>
    public (int Ahead, int Behind) Divergence(string branch)
    {
        if (Git.Head.Tip is not { } head || Git.Refs[RemoteSync.TrackingRef(branch)]?.ResolveToDirectReference()?.Target is not Commit upstream)
            return (0, 0);
        var divergence = Git.ObjectDatabase.CalculateHistoryDivergence(head, upstream);
        return (divergence.AheadBy ?? 0, divergence.BehindBy ?? 0);
    }

    Commit Resolve(string revision) =>
        (SnapshotAt(revision) is not null ? Git.Lookup<Commit>(revision) : null)
        ?? throw new BadRequestException($"'{revision}' does not name a commit of this repository.");

    static GitDiff Describe(Patch patch)
    {
        var entries = patch.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var files = entries.Select(e => new FileDiff(
            e.Path.Replace('\\', '/'),
            e.OldPath != e.Path ? e.OldPath : null,
            e.Status.ToString().ToLowerInvariant(),
            e.LinesAdded,
            e.LinesDeleted,
            e.IsBinaryComparison,
            Hunks(e.Patch))).ToList();
        return new GitDiff(string.Concat(entries.Select(e => e.Patch)), files);
    }

    /// <summary>Splits one file's unified patch text at its <c>@@ -a,b +c,d @@</c> headers.</summary>
    static IReadOnlyList<DiffHunk> Hunks(string patch)
    {
        var hunks = new List<DiffHunk>();
        List<string>? lines = null;
        int[] header = [];
        foreach (var line in patch.Split('\n'))
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@");
            if (match.Success)
            {
                if (lines is not null)
                    hunks.Add(new DiffHunk(header[0], header[1], header[2], header[3], lines));
                header = [int.Parse(match.Groups[1].Value), match.Groups[2].Success ? int.Parse(match.Groups[2].Value) : 1,
                          int.Parse(match.Groups[3].Value), match.Groups[4].Success ? int.Parse(match.Groups[4].Value) : 1];
                lines = [];
            }
            else if (lines is not null && line.Length > 0 && line[0] is ' ' or '+' or '-')
            {
                lines.Add(line);
            }
        }
        if (lines is not null)
            hunks.Add(new DiffHunk(header[0], header[1], header[2], header[3], lines));
        return hunks;
    }

    public IReadOnlyList<Commit> Log(RepoPath? path, int limit)
    {
        if (Git.Head.Tip is null)
            return [];
        // Topological first: commits made within one second (git's clock resolution) still come newest first.
        var filter = new CommitFilter { IncludeReachableFrom = Git.Head, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
        if (path is null || path.IsRoot)
            return Git.Commits.QueryBy(filter).Take(limit).ToList();
        // A path's history follows the file through renames.
        return Git.Commits.QueryBy(path.Value, filter).Take(limit).Select(e => e.Commit).ToList();
    }

    public byte[] Export()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var path in ((IRepositorySnapshot)this).ListFiles(RepoPath.Root))
            {
                var entry = zip.CreateEntry(path.Value, System.IO.Compression.CompressionLevel.Fastest);
                using var output = entry.Open();
                using var input = File.OpenRead(FullPath(path));
                input.CopyTo(output);
            }
        }
        return buffer.ToArray();
    }

    IReadOnlyList<RepoPath> IRepositorySnapshot.ListFiles(RepoPath folder)
    {
        var full = FullPath(folder);
        if (!Directory.Exists(full))
            return [];
        return Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal) && p != ".git")
            .Select(p => RepoPath.Parse(p))
            .OrderBy(p => p.Value, StringComparer.Ordinal)
            .ToList();
    }

    string? IRepositorySnapshot.ReadText(RepoPath path)
    {
        var full = FullPath(path);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    /// <summary>
    /// The full path of a repository path, refusing any that would leave the working tree through a
    /// symbolic link (a link committed to the repository pointing at /etc, say).
    /// </summary>
    string FullPath(RepoPath path)
    {
        var full = path.IsRoot ? Root : Path.GetFullPath(Path.Combine(Root, path.Value));
        var current = Root;
        foreach (var segment in path.Value.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
            {
                if ((info.Exists ? info.LinkTarget : new DirectoryInfo(current).LinkTarget) is not null)
                    throw new BadRequestException($"'{path}' goes through a symbolic link, which Context Kit does not follow.");
            }
            else
            {
                break;
            }
        }
        return full;
    }

    static string Relative(RepoPath folder, string name) => folder.IsRoot ? name : $"{folder.Value}/{name}";

    public void Dispose() => repository?.Dispose();
}
