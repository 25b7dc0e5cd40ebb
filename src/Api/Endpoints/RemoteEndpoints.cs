using System.Security.Claims;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>The repository's upstream remote: owners configure it, editors pull and push (api.md "Git").</summary>
public static class RemoteEndpoints
{
    public static RouteGroupBuilder MapRemoteEndpoints(this RouteGroupBuilder api)
    {
        var git = api.MapGroup("/repos/{repo}/git").WithTags("Git");

        git.MapGet("/remote", async (string repo, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Editor);
            return await grains.GetGrain<IRemoteGrain>(repo).Get();
        }).WithSummary("The upstream remote's URL and whether a token is set (never the token)")
            .RequireRepositoryRole(RepositoryRole.Editor);

        git.MapPost("/remote", async (string repo, RemoteRequest body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Owner);
            return await grains.GetGrain<IRemoteGrain>(repo).Configure(body.Url, body.Token, scope.Actor);
        }).WithSummary("Set the upstream URL and token (owners); a missing token keeps the current one, an empty one removes it, an empty URL removes the remote")
            .RequireRepositoryRole(RepositoryRole.Owner);

        git.MapPost("/pull", async (string repo, SyncRequest? body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body?.Branch);
            return await grains.GetGrain<IRemoteGrain>(repo).Pull(scope.Branch, scope.Actor);
        }).WithSummary("Fetch the branch from the remote and fast-forward to it; 409 pull-diverged when both sides have new commits")
            .RequireRepositoryRole(RepositoryRole.Editor);

        git.MapPost("/push", async (string repo, SyncRequest? body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body?.Branch);
            return await grains.GetGrain<IRemoteGrain>(repo).Push(scope.Branch, scope.Actor);
        }).WithSummary("Push the branch's last commit to the remote; 409 push-rejected when that is not a fast-forward")
            .RequireRepositoryRole(RepositoryRole.Editor);

        return api;
    }
}

public sealed record RemoteRequest(string? Url, string? Token);

public sealed record SyncRequest(string? Branch);
