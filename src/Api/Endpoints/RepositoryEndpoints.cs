using System.Security.Claims;
using ContextKit.Api.Auth;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>Repositories, their members and their validation (api.md "Repositories and members").</summary>
public static class RepositoryEndpoints
{
    public static RouteGroupBuilder MapRepositoryEndpoints(this RouteGroupBuilder api)
    {
        var repos = api.MapGroup("/repos").WithTags("Repositories");

        repos.MapGet("/", async (ClaimsPrincipal principal, RepositoryCatalog catalog) =>
            (await catalog.ListFor(principal.UserIdOf()))
                .Select(r => new RepositorySummary(r.Id, r.Name, Role(r.Role), r.DefaultBranch, r.UpdatedAt)))
            .WithSummary("Repositories the caller belongs to");

        repos.MapPost("/", async (CreateRepositoryRequest body, ClaimsPrincipal principal, RepositoryCatalog catalog) =>
        {
            if (!RepositoryTemplates.TryParse(body.Template, out var template))
                throw new BadRequestException("The template must be \"starter\" or \"empty\".");
            var info = await catalog.Create(body.Name, body.Description, template, principal.ToActor());
            return Results.Created($"/api/repos/{info.Id}", new CreatedRepository(info.Id, info.Name, info.DefaultBranch));
        }).WithSummary("Create a repository from the starter or the empty template");

        repos.MapGet("/{repo}", async (string repo, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer);
            var r = scope.Repository;
            return new RepositoryDetails(r.Id, r.Name, r.Description, Role(r.Role), r.DefaultBranch, r.Branches, r.CreatedAt, r.UpdatedAt);
        }).WithSummary("One repository");

        repos.MapGet("/{repo}/members", async (string repo, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            var members = await grains.GetGrain<IRepositoryGrain>(repo).GetMembers();
            return members.Select(m => new MemberResponse(m.UserId, m.Email, m.DisplayName, Role(m.Role)));
        }).WithSummary("Members and their roles");

        return api;
    }

    internal static string Role(RepositoryRole role) => role.ToString().ToLowerInvariant();
}

public sealed record CreateRepositoryRequest(string? Name, string? Description, string? Template);

public sealed record CreatedRepository(string Id, string Name, string DefaultBranch);

public sealed record RepositorySummary(string Id, string Name, string Role, string DefaultBranch, DateTimeOffset UpdatedAt);

public sealed record RepositoryDetails(string Id, string Name, string? Description, string Role, string DefaultBranch,
    IReadOnlyList<string> Branches, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record MemberResponse(string UserId, string Email, string DisplayName, string Role);
