using System.Security.Claims;
using ContextKit.Api.PullRequests;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>Pull requests: open, list, show with their evidence, comment, merge, close (api.md "Git").</summary>
public static class PullRequestEndpoints
{
    public static RouteGroupBuilder MapPullRequestEndpoints(this RouteGroupBuilder api)
    {
        var pulls = api.MapGroup("/repos/{repo}/pulls").WithTags("Pull requests");

        pulls.MapPost("", async (string repo, OpenPullRequestBody body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor);
            var opened = await grains.GetGrain<IRepositoryGrain>(repo)
                .OpenPullRequest(scope.Actor, body.Source ?? "", body.Target ?? scope.Repository.DefaultBranch, body.Title ?? "", body.Body);
            return Results.Created($"/api/repos/{repo}/pulls/{opened.Number}", opened);
        }).WithSummary("Open a pull request from source into target (default: the default branch)")
            .RequireRepositoryRole(RepositoryRole.Editor);

        pulls.MapGet("", async (string repo, string? state, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            return await grains.GetGrain<IRepositoryGrain>(repo).ListPullRequests(state);
        }).WithSummary("Pull requests, newest first; state=open|merged|closed filters them")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        pulls.MapGet("/{number:int}", async (string repo, int number, ClaimsPrincipal principal, RepositoryAccess access, PullRequestReviews reviews) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            return Show(await reviews.Get(repo, number));
        }).WithSummary("A pull request with its commits, diff, the validation of its source and the impact of every entity it changes")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        pulls.MapPost("/{number:int}/comments", async (string repo, int number, CommentBody body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor);
            var updated = await grains.GetGrain<IRepositoryGrain>(repo).CommentOnPullRequest(scope.Actor, number, body.Text ?? "");
            return Results.Created($"/api/repos/{repo}/pulls/{number}", updated);
        }).WithSummary("Comment on a pull request")
            .RequireRepositoryRole(RepositoryRole.Editor);

        pulls.MapPost("/{number:int}/merge", async (string repo, int number, PullRequestMergeBody? body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor);
            return await grains.GetGrain<IRepositoryGrain>(repo).MergePullRequest(scope.Actor, number, body?.Message, body?.Resolutions ?? []);
        }).WithSummary("Merge a pull request: same conflict rules as git/merge; into a protected branch only by owners and only when the source validates")
            .RequireRepositoryRole(RepositoryRole.Editor);

        pulls.MapPost("/{number:int}/close", async (string repo, int number, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor);
            return await grains.GetGrain<IRepositoryGrain>(repo).ClosePullRequest(scope.Actor, number);
        }).WithSummary("Close a pull request without merging it")
            .RequireRepositoryRole(RepositoryRole.Editor);

        return api;
    }

    /// <summary>The pull request's own fields with its evidence beside them.</summary>
    static object Show(PullRequestDetail detail)
    {
        var p = detail.PullRequest;
        var r = detail.Review;
        return new
        {
            number = p.Number, source = p.Source, target = p.Target, title = p.Title, body = p.Body, state = p.State,
            author = p.Author, createdAt = p.CreatedAt, comments = p.Comments, mergeCommit = p.MergeCommit,
            closedBy = p.ClosedBy, closedAt = p.ClosedAt, targetProtected = detail.TargetProtected,
            @base = r?.Base, head = r?.Head, commits = r?.Commits, diff = r?.Diff, changedEntities = r?.ChangedEntities,
            validation = r?.Validation, impact = r?.Impact, conflicts = r?.Conflicts, reviewProblem = detail.ReviewProblem,
        };
    }
}

public sealed record OpenPullRequestBody(string? Source, string? Target, string? Title, string? Body);

public sealed record CommentBody(string? Text);

public sealed record PullRequestMergeBody(string? Message, IReadOnlyList<MergeResolution>? Resolutions);
