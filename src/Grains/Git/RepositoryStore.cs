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
        var folder = Path.Combine(Root, repositoryId);
        // A folder without a repository record is the leftover of a creation that failed half way.
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        var gitDirectory = GitDirectory(repositoryId);
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
            var staleIndexLock = Path.Combine(adminFolder, "index.lock");
            if (File.Exists(staleIndexLock))
                File.Delete(staleIndexLock);
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
            throw new RepositoryUnavailableException("The repository's git data cannot be read; an administrator needs to repair or restore it.");
        }
    }

    public static Signature Signature(Actor actor) => new(actor.DisplayName, actor.Email, DateTimeOffset.UtcNow);
}
