using ContextKit.Api.ChangeFeed;
using ContextKit.Api.Endpoints;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextKit.Web.Services;

/// <summary>
/// Files, git status, commits and history of a branch's working tree, and its change feed, for the
/// repository page. Every call checks the user's role through <see cref="RepositoryAccess"/> first,
/// as the REST API does: a role taken away while the page is open takes effect on the next action.
/// </summary>
public sealed class WorkspaceService(RepositoryAccess access, CurrentUser user, ChangeFeedListener feed, IOptions<ApiLimits> limits,
    UiAudit audit, IGrainFactory grains, ILogger<WorkspaceService> logger)
{
    /// <summary>Files and folders directly below <paramref name="folder"/> ("" for the root).</summary>
    public async Task<IReadOnlyList<TreeEntry>> ListTree(RepositoryBranch at, string folder) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.ListTree(folder);

    public async Task<FileContent> ReadFile(RepositoryBranch at, string path) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.ReadFile(path);

    /// <summary>
    /// Writes a file as the user. <paramref name="condition"/> names the version the user saw (or says the
    /// file is new); a stale one fails with <see cref="RevisionConflictException"/> and writes nothing.
    /// </summary>
    public async Task<FileWriteResult> WriteFile(RepositoryBranch at, string path, byte[] content, WriteCondition condition)
    {
        // The same limit as the REST API's, so that a file saved here can be read and written there too.
        if (content.Length > limits.Value.MaxFileBytes)
            throw new BadRequestException($"The file is {content.Length / 1024:N0} KiB; files can have at most {limits.Value.MaxFileBytes / 1024:N0} KiB.");
        var scope = await Require(at, RepositoryRole.Editor);
        var result = await scope.Workspace.WriteFile(path, content, condition, scope.Actor);
        await audit.Record(scope, "files.put", Target(path, scope));
        return result;
    }

    public async Task DeleteFile(RepositoryBranch at, string path, string etag)
    {
        var scope = await Require(at, RepositoryRole.Editor);
        await scope.Workspace.DeleteFile(path, etag, scope.Actor);
        await audit.Record(scope, "files.delete", Target(path, scope));
    }

    public async Task<GitStatus> GetStatus(RepositoryBranch at) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetStatus();

    /// <summary>Commits the chosen changed files as the user; the other editors of those files become co-authors.</summary>
    public async Task<CommitInfo> Commit(RepositoryBranch at, string message, IReadOnlyList<string> paths)
    {
        var scope = await Require(at, RepositoryRole.Editor);
        var commit = await scope.Workspace.Commit(message, paths, scope.Actor);
        await audit.Record(scope, "git.commit.post", Target(commit.Commit, scope));
        return commit;
    }

    /// <summary>The branch's latest commits, newest first; of one file when <paramref name="path"/> is given (following renames).</summary>
    public async Task<IReadOnlyList<CommitInfo>> GetLog(RepositoryBranch at, int limit, string? path = null) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetLog(path, limit);

    /// <summary>The commits that changed the file holding entity <paramref name="id"/> on this branch, following renames.</summary>
    public async Task<IReadOnlyList<CommitInfo>> GetEntityLog(RepositoryBranch at, string id, int limit)
    {
        var workspace = (await Require(at, RepositoryRole.Viewer)).Workspace;
        return await workspace.GetLog((await workspace.GetEntity(id)).Path, limit);
    }

    /// <summary>The working tree against HEAD (one file when <paramref name="path"/> is given), or between two revisions.</summary>
    public async Task<GitDiff> GetDiff(RepositoryBranch at, string? path, string? from = null, string? to = null) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetDiff(path, from, to);

    /// <summary>Drops the working changes of <paramref name="paths"/>; returns the files that had changes.</summary>
    public async Task<IReadOnlyList<string>> Discard(RepositoryBranch at, IReadOnlyList<string> paths)
    {
        var scope = await Require(at, RepositoryRole.Editor);
        return await scope.Workspace.Discard(paths, scope.Actor);
    }

    /// <summary>
    /// Calls <paramref name="onChanges"/> with the repository's change events, in order and without gaps (missed ones
    /// are fetched from the feed, see <see cref="ChangeFollower"/>), until the result is disposed. Events that arrive
    /// while a call is still running are handed over together in the next call.
    /// </summary>
    public async Task<IAsyncDisposable> Follow(string repositoryId, Func<IReadOnlyList<ChangeEvent>, Task> onChanges)
    {
        await access.Require(await user.Principal(), repositoryId, RepositoryRole.Viewer);
        var follower = new ChangeFollower(onChanges, new FeedSource(grains.GetGrain<IChangeFeedGrain>(repositoryId)), logger);
        try
        {
            await follower.Begin();
            // Unnumbered events (live document edits, presence) belong to editor sessions and avatars, not to the pages' refreshes.
            follower.Start(await feed.Listen(repositoryId, change =>
                change.Sequence == 0 ? Task.CompletedTask : follower.Enqueue(change)));
        }
        catch
        {
            await follower.DisposeAsync();
            throw;
        }
        return follower;
    }

    /// <summary>What an audit entry names: the thing and the branch, as the API's entries do.</summary>
    internal static string Target(string what, RepositoryScope scope) => $"{what} branch={scope.Branch}";

    sealed class FeedSource(IChangeFeedGrain grain) : IChangeFeedSource
    {
        public Task<long> Current() => grain.GetSequence();

        public Task<ChangeFeedPage> Since(long sequence) => grain.GetSince(sequence, 1000);
    }

    async Task<RepositoryScope> Require(RepositoryBranch at, RepositoryRole role) =>
        await access.Require(await user.Principal(), at.RepositoryId, role, at.Branch);
}
