using System.Text;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Hosting;
using ContextKit.Grains.Storage;
using LibGit2Sharp;
using NotFoundException = ContextKit.Grains.Contracts.NotFoundException;
using Microsoft.Extensions.Options;

namespace ContextKit.Grains.Git;

/// <summary>
/// The on-disk layout of repositories and how they come to be:
/// <code>
/// {repositories}/{id}/repo.git                 the bare repository: objects, refs, history
/// {repositories}/{id}/worktrees/{branch}/      one git worktree per branch in use
/// {repositories}/{id}/locks/{branch}.lock      held by the branch's live WorkspaceGrain activation
/// </code>
/// Branch names become folder names through <see cref="SafeFileName"/>.
/// </summary>
public sealed class RepositoryStore(IOptions<StorageOptions> options)
{
    public const string DefaultBranch = "main";

    string Root => options.Value.Repositories;

    public string GitDirectory(string repositoryId) => Path.Combine(Root, repositoryId, "repo.git");

    public string WorktreePath(string repositoryId, string branch) => Path.Combine(Root, repositoryId, "worktrees", SafeFileName.From(branch));

    public string LockPath(string repositoryId, string branch) => Path.Combine(Root, repositoryId, "locks", SafeFileName.From(branch) + ".lock");

    public bool Exists(string repositoryId) => Directory.Exists(GitDirectory(repositoryId));

    /// <summary>Creates the bare repository with one commit on <c>main</c> holding <paramref name="files"/>.</summary>
    public string Create(string repositoryId, IReadOnlyList<TemplateFile> files, Actor author, string message)
    {
        var gitDirectory = GitDirectory(repositoryId);
        // A folder without a repository record is the leftover of a creation that failed half way.
        if (Directory.Exists(gitDirectory))
            PrepareFolder(repositoryId);
        Repository.Init(gitDirectory, isBare: true);
        using var repository = new Repository(gitDirectory);
        repository.Refs.UpdateTarget("HEAD", "refs/heads/" + DefaultBranch);
        var tree = new TreeDefinition();
        foreach (var file in files)
            tree.Add(file.Path, repository.ObjectDatabase.CreateBlob(new MemoryStream(file.Content)), Mode.NonExecutableFile);
        var signature = Signature(author);
        var commit = repository.ObjectDatabase.CreateCommit(signature, signature, message, repository.ObjectDatabase.CreateTree(tree), [], prettifyMessage: true);
        repository.Refs.Add("refs/heads/" + DefaultBranch, commit.Id);
        return commit.Sha;
    }

    /// <summary>
    /// Moves a deleted repository's folder to <c>{repositories}/.trash/{id}-{time}</c>: gone for its members,
    /// still recoverable by an administrator (who empties the trash on their own schedule).
    /// </summary>
    public void MoveToTrash(string repositoryId)
    {
        var folder = Path.Combine(Root, repositoryId);
        if (!Directory.Exists(folder))
            return;
        var trash = Path.Combine(Root, ".trash");
        Directory.CreateDirectory(trash);
        Directory.Move(folder, Path.Combine(trash, $"{repositoryId}-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}"));
    }

    /// <summary>Creates branch <paramref name="name"/> at the tip of <paramref name="from"/>; returns that commit.</summary>
    public string CreateBranch(string repositoryId, string name, string from)
    {
        using var repository = OpenBare(GitDirectory(repositoryId));
        var source = repository.Branches[from]?.Tip ?? throw new NotFoundException($"The branch '{from}' has no commits.");
        repository.Branches.Add(name, source);
        return source.Sha;
    }

    /// <summary>Removes the branch's worktree (its workspace has let go) and the branch itself.</summary>
    public void DeleteBranch(string repositoryId, string name)
    {
        var gitDirectory = GitDirectory(repositoryId);
        var worktree = WorktreePath(repositoryId, name);
        if (Directory.Exists(worktree))
            Directory.Delete(worktree, recursive: true);
        GitCommandLine.Run(gitDirectory, "worktree", "prune");
        using var repository = OpenBare(gitDirectory);
        if (repository.Branches[name] is not null)
            repository.Branches.Remove(name);
    }

    public Dictionary<string, string> BranchHeads(string repositoryId)
    {
        using var repository = OpenBare(GitDirectory(repositoryId));
        return repository.Branches.Where(b => !b.IsRemote && b.Tip is not null).ToDictionary(b => b.FriendlyName, b => b.Tip.Sha);
    }

    /// <summary>A new, empty folder on the repositories volume for unpacking an upload; every node sees it.</summary>
    public string NewStagingFolder()
    {
        var folder = Path.Combine(Root, ".staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Creates the repository from an unpacked folder. With a <c>.git</c> folder its history is kept
    /// (cloned, never used in place) and the folder's working files become the default branch's working
    /// tree, uncommitted changes included; without one, the files become the first commit.
    /// Returns the default branch and every branch.
    /// </summary>
    public (string DefaultBranch, IReadOnlyList<string> Branches) ImportFolder(string repositoryId, string staging, Actor author)
    {
        PrepareFolder(repositoryId);
        if (!Directory.Exists(Path.Combine(staging, ".git")))
        {
            var files = Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
                .Select(f => new TemplateFile(Path.GetRelativePath(staging, f).Replace('\\', '/'), File.ReadAllBytes(f)))
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            Create(repositoryId, files, author, "Import");
            return (DefaultBranch, [DefaultBranch]);
        }
        var gitDirectory = GitDirectory(repositoryId);
        try
        {
            GitCommandLine.Run(Root, "clone", "--bare", "--no-hardlinks", "--quiet", Path.GetFullPath(staging), gitDirectory);
        }
        catch (GitCommandException)
        {
            throw new BadRequestException("The archive's .git folder is not a readable git repository.");
        }
        GitCommandLine.Run(gitDirectory, "remote", "remove", "origin");
        var result = BranchesOf(gitDirectory);
        if (result.DefaultBranch is null)
            throw new BadRequestException("The archive's repository has no commits on its current branch.");
        var worktree = EnsureWorktree(repositoryId, result.DefaultBranch);
        ReplaceWorkingFiles(staging, worktree);
        return (result.DefaultBranch, result.Branches);
    }

    /// <summary>Creates the repository by cloning <paramref name="url"/> (already checked by the caller); its history and branches are kept.</summary>
    public (string DefaultBranch, IReadOnlyList<string> Branches) ImportClone(string repositoryId, string url, string? branch)
    {
        PrepareFolder(repositoryId);
        var gitDirectory = GitDirectory(repositoryId);
        var arguments = new List<string> { "-c", "protocol.ext.allow=never", "clone", "--bare", "--quiet" };
        if (!string.IsNullOrEmpty(branch))
            arguments.AddRange(["--branch", branch]);
        arguments.AddRange(["--", url, gitDirectory]);
        try
        {
            GitCommandLine.Run(Root, [.. arguments]);
        }
        catch (GitCommandException)
        {
            if (Directory.Exists(Path.Combine(Root, repositoryId)))
                Directory.Delete(Path.Combine(Root, repositoryId), recursive: true);
            throw new BadRequestException("The repository could not be cloned: check the URL, that it is reachable from the server, and the branch name.");
        }
        GitCommandLine.Run(gitDirectory, "remote", "remove", "origin");
        var result = BranchesOf(gitDirectory);
        return (result.DefaultBranch ?? throw new BadRequestException("The cloned repository has no commits."), result.Branches);
    }

    static (string? DefaultBranch, IReadOnlyList<string> Branches) BranchesOf(string gitDirectory)
    {
        using var repository = OpenBare(gitDirectory);
        var branches = repository.Branches.Where(b => !b.IsRemote).Select(b => b.FriendlyName).Order(StringComparer.Ordinal).ToList();
        var head = repository.Head is { Tip: not null } h && !repository.Info.IsHeadDetached ? h.FriendlyName : branches.FirstOrDefault();
        return (head, branches);
    }

    /// <summary>Makes the worktree hold exactly the staged working files (besides its .git link).</summary>
    static void ReplaceWorkingFiles(string staging, string worktree)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(worktree))
        {
            if (Path.GetFileName(entry) == ".git")
                continue;
            if (Directory.Exists(entry))
                Directory.Delete(entry, recursive: true);
            else
                File.Delete(entry);
        }
        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(staging, file);
            if (relative == ".git" || relative.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                continue;
            var target = Path.Combine(worktree, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    void PrepareFolder(string repositoryId)
    {
        var folder = Path.Combine(Root, repositoryId);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
    }

    /// <summary>
    /// Makes sure the branch has its working tree and returns its folder. A worktree left registered by a
    /// crash (its folder gone, or a stale index lock) is recovered here; the caller holds the branch lock.
    /// </summary>
    public string EnsureWorktree(string repositoryId, string branch)
    {
        var gitDirectory = GitDirectory(repositoryId);
        if (!Directory.Exists(gitDirectory))
            throw new NotFoundException("The repository was not found.");
        var path = WorktreePath(repositoryId, branch);
        if (File.Exists(Path.Combine(path, ".git")))
        {
            var adminFolder = File.ReadAllText(Path.Combine(path, ".git")).Replace("gitdir:", "").Trim();
            StaleLocks.Clear(gitDirectory, adminFolder, branch);
            return path;
        }
        using (var repository = OpenBare(gitDirectory))
        {
            if (repository.Branches[branch] is null)
                throw new NotFoundException($"The branch '{branch}' was not found.");
        }
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        GitCommandLine.Run(gitDirectory, "worktree", "prune");
        GitCommandLine.Run(gitDirectory, "worktree", "add", "--quiet", path, branch);
        return path;
    }

    public static Repository OpenBare(string gitDirectory)
    {
        try
        {
            return new Repository(gitDirectory);
        }
        catch (LibGit2SharpException)
        {
            throw new RepositoryCorruptException();
        }
    }

    public static Signature Signature(Actor actor) => new(actor.DisplayName, actor.Email, DateTimeOffset.UtcNow);
}
