namespace ContextKit.Grains.Git;

/// <summary>
/// Lock files git leaves behind when a process dies in the middle of an operation. A branch's workspace
/// clears them when it activates: it holds the branch lock, so no live operation of this node owns them.
/// The worktree's own locks (index, HEAD) go at once; the branch ref's lock, which a merge or pull from
/// elsewhere could hold for a moment, only once it is older than <see cref="RefLockAge"/>.
/// </summary>
public static class StaleLocks
{
    public static readonly TimeSpan RefLockAge = TimeSpan.FromSeconds(30);

    public static void Clear(string gitDirectory, string worktreeAdminFolder, string branch)
    {
        foreach (var name in new[] { "index.lock", "HEAD.lock" })
            Delete(Path.Combine(worktreeAdminFolder, name));
        var refLock = Path.Combine(gitDirectory, "refs", "heads", Path.Combine(branch.Split('/')) + ".lock");
        if (File.Exists(refLock) && DateTime.UtcNow - File.GetLastWriteTimeUtc(refLock) > RefLockAge)
            Delete(refLock);
    }

    static void Delete(string path)
    {
        if (File.Exists(path))
            File.Delete(path);
    }
}
