using System.Security.Claims;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>Merging one branch into another and protecting branches (api.md "Git", docs/api-notes.md "Merge").</summary>
public static class MergeEndpoints
{
    public static RouteGroupBuilder MapMergeEndpoints(this RouteGroupBuilder api)
    {
        var git = api.MapGroup("/repos/{repo}/git").WithTags("Git");

        git.MapPost("/merge", async (string repo, MergeBody body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            if (string.IsNullOrWhiteSpace(body.Source) || string.IsNullOrWhiteSpace(body.Target))
                throw new BadRequestException("A merge needs a source and a target branch.");
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Target);
            if (!scope.Repository.Branches.Contains(body.Source))
                throw new NotFoundException($"The branch '{body.Source}' was not found.");
            var result = await scope.Workspace.Merge(new MergeRequest(body.Source, null, body.Message, body.Resolutions ?? []), scope.Actor);
            return new MergeResponse(result.Commit, result.Kind, result.Paths);
        }).WithSummary("Merge the last commit of source into target: fast-forward when possible, else a merge commit; 409 with the conflicts, or with the uncommitted paths it would overwrite")
            .RequireRepositoryRole(RepositoryRole.Editor);

        git.MapGet("/protected-branches", async (string repo, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            return await grains.GetGrain<IRepositoryGrain>(repo).GetProtectedBranches();
        }).WithSummary("The branches that change only through pull requests")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        git.MapPut("/protected-branches/{**name}", (string repo, string name, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
            SetProtection(repo, name, true, principal, access, grains))
            .WithSummary("Protect a branch (owners): direct writes, commits and merges are refused; pull requests that validate are merged")
            .RequireRepositoryRole(RepositoryRole.Owner);

        git.MapDelete("/protected-branches/{**name}", (string repo, string name, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
            SetProtection(repo, name, false, principal, access, grains))
            .WithSummary("Lift a branch's protection (owners)")
            .RequireRepositoryRole(RepositoryRole.Owner);

        return api;
    }

    static async Task<IResult> SetProtection(string repo, string name, bool isProtected, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains)
    {
        var scope = await access.Require(principal, repo, RepositoryRole.Owner, name);
        await grains.GetGrain<IRepositoryGrain>(repo).SetBranchProtection(scope.Actor, scope.Branch, isProtected);
        return Results.NoContent();
    }
}

public sealed record MergeBody(string? Source, string? Target, string? Message, IReadOnlyList<MergeResolution>? Resolutions);

public sealed record MergeResponse(string Commit, string Kind, IReadOnlyList<string> Paths);
