using System.Security.Claims;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>Git status, commit and log of a branch (api.md "Git").</summary>
public static class GitEndpoints
{
    public static RouteGroupBuilder MapGitEndpoints(this RouteGroupBuilder api)
    {
        var git = api.MapGroup("/repos/{repo}/git").WithTags("Git");

        git.MapGet("/status", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetStatus();
        }).WithSummary("Changed files of the branch's working tree and who changed them");

        git.MapPost("/commit", async (string repo, CommitRequest body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            var commit = await scope.Workspace.Commit(body.Message ?? "", body.Paths, scope.Actor);
            return Results.Ok(new CommitResponse(commit.Commit));
        }).WithSummary("Commit working changes as the signed-in user; other editors of those files become co-authors");

        git.MapGet("/log", async (string repo, string? branch, string? path, int? limit, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetLog(path, limit ?? 50);
        }).WithSummary("Commits of the branch, newest first, optionally of one path");

        return api;
    }
}

public sealed record CommitRequest(string? Branch, string? Message, IReadOnlyList<string>? Paths);

public sealed record CommitResponse(string Commit);
