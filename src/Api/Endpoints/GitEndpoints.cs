using System.Security.Claims;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
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
        }).WithSummary("Changed files of the branch's working tree and who changed them")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        git.MapPost("/commit", async (string repo, CommitRequest body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            var commit = await scope.Workspace.Commit(body.Message ?? "", body.Paths, scope.Actor);
            return Results.Ok(new CommitResponse(commit.Commit));
        }).WithSummary("Commit working changes as the signed-in user; other editors of those files become co-authors")
            .RequireRepositoryRole(RepositoryRole.Editor);

        git.MapGet("/diff", async (string repo, string? branch, string? path, string? from, string? to, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetDiff(path, from, to);
        }).WithSummary("Unified diff and per-file hunks: working tree against HEAD, or from..to")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        git.MapPost("/discard", async (string repo, DiscardRequest body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            return new { discarded = await scope.Workspace.Discard(body.Paths ?? [], scope.Actor) };
        }).WithSummary("Drop the working changes of the given paths")
            .RequireRepositoryRole(RepositoryRole.Editor);

        git.MapGet("/log", async (string repo, string? branch, string? path, string? entity, int? limit, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            if (!string.IsNullOrEmpty(entity))
            {
                if (!string.IsNullOrEmpty(path))
                    throw new BadRequestException("Ask for the history of a path or of an entity, not both.");
                // The entity's file on this branch now; its history follows the file through renames.
                path = (await scope.Workspace.GetEntity(entity)).Path;
            }
            return await scope.Workspace.GetLog(path, limit ?? 50);
        }).WithSummary("Commits of the branch, newest first; of one path, or of one entity's file (following renames)")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        git.MapGet("/branches", async (string repo, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            return await grains.GetGrain<IRepositoryGrain>(repo).ListBranches();
        }).WithSummary("Branches with their head commit")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        git.MapPost("/branches", async (string repo, CreateBranchRequest body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor);
            var branch = await grains.GetGrain<IRepositoryGrain>(repo).CreateBranch(scope.Actor, body.Name ?? "", body.From);
            return Results.Created($"/api/repos/{repo}/git/branches/{Uri.EscapeDataString(branch.Name)}", branch);
        }).WithSummary("Create a branch from another branch's last commit (default: the default branch)")
            .RequireRepositoryRole(RepositoryRole.Editor);

        git.MapDelete("/branches/{**name}", async (string repo, string name, bool? force, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor);
            await grains.GetGrain<IRepositoryGrain>(repo).DeleteBranch(scope.Actor, name, force ?? false);
            return Results.NoContent();
        }).WithSummary("Delete a branch and its working tree; refused while it has uncommitted changes unless force=true")
            .RequireRepositoryRole(RepositoryRole.Editor);

        return api;
    }
}

public sealed record CommitRequest(string? Branch, string? Message, IReadOnlyList<string>? Paths);

public sealed record CommitResponse(string Commit);

public sealed record CreateBranchRequest(string? Name, string? From);

public sealed record DiscardRequest(string? Branch, IReadOnlyList<string>? Paths);
