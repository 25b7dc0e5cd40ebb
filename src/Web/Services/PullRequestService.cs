using ContextKit.Api.PullRequests;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>
/// Pull requests for the UI: list, show with their evidence, open, comment, merge (with conflict
/// resolutions) and close. Every call checks the user's role through <see cref="RepositoryAccess"/> first,
/// as the REST API does; the repository grain then applies the merge rules (protected targets).
/// </summary>
public sealed class PullRequestService(IGrainFactory grains, RepositoryAccess access, PullRequestReviews reviews, CurrentUser user)
{
    public async Task<IReadOnlyList<PullRequestInfo>> List(string repositoryId, string? state)
    {
        await Require(repositoryId, RepositoryRole.Viewer);
        return await Repository(repositoryId).ListPullRequests(state);
    }

    public async Task<PullRequestDetail> Get(string repositoryId, int number)
    {
        await Require(repositoryId, RepositoryRole.Viewer);
        return await reviews.Get(repositoryId, number);
    }

    public async Task<IReadOnlyList<BranchInfo>> Branches(string repositoryId)
    {
        await Require(repositoryId, RepositoryRole.Viewer);
        return await Repository(repositoryId).ListBranches();
    }

    public async Task<PullRequestInfo> Open(string repositoryId, string source, string target, string title, string? body)
    {
        var scope = await Require(repositoryId, RepositoryRole.Editor);
        return await Repository(repositoryId).OpenPullRequest(scope.Actor, source, target, title, body);
    }

    public async Task<PullRequestInfo> Comment(string repositoryId, int number, string text)
    {
        var scope = await Require(repositoryId, RepositoryRole.Editor);
        return await Repository(repositoryId).CommentOnPullRequest(scope.Actor, number, text);
    }

    /// <summary>Merges; <see cref="MergeConflictException"/> carries the conflicts to settle when there are some.</summary>
    public async Task<PullRequestInfo> Merge(string repositoryId, int number, IReadOnlyList<MergeResolution> resolutions)
    {
        var scope = await Require(repositoryId, RepositoryRole.Editor);
        return await Repository(repositoryId).MergePullRequest(scope.Actor, number, null, resolutions);
    }

    public async Task<PullRequestInfo> Close(string repositoryId, int number)
    {
        var scope = await Require(repositoryId, RepositoryRole.Editor);
        return await Repository(repositoryId).ClosePullRequest(scope.Actor, number);
    }

    async Task<RepositoryScope> Require(string repositoryId, RepositoryRole role) =>
        await access.Require(await user.Principal(), repositoryId, role);

    IRepositoryGrain Repository(string repositoryId) => grains.GetGrain<IRepositoryGrain>(repositoryId);
}
