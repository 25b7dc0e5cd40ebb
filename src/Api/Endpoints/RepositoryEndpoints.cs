using System.Security.Claims;
using ContextKit.Api.Auth;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
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
            .WithSummary("Repositories the caller belongs to")
            .RequireSignedInAccount();

        repos.MapPost("/", async (CreateRepositoryRequest body, ClaimsPrincipal principal, RepositoryCatalog catalog) =>
        {
            if (!RepositoryTemplates.TryParse(body.Template, out var template))
                throw new BadRequestException("The template must be \"starter\" or \"empty\".");
            var info = await catalog.Create(body.Name, body.Description, template, principal.ToActor());
            return Results.Created($"/api/repos/{info.Id}", new CreatedRepository(info.Id, info.Name, info.DefaultBranch));
        }).WithSummary("Create a repository from the starter or the empty template")
            .RequireSignedInAccount(writes: true);

        repos.MapGet("/{repo}", async (string repo, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer);
            var r = scope.Repository;
            return new RepositoryDetails(r.Id, r.Name, r.Description, Role(r.Role), r.DefaultBranch, r.Branches, r.CreatedAt, r.UpdatedAt);
        }).WithSummary("One repository")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repos.MapPatch("/{repo}", async (string repo, UpdateRepositoryRequest body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Owner);
            var r = await grains.GetGrain<IRepositoryGrain>(repo).Update(principal.UserIdOf(), body.Name, body.Description);
            return new RepositoryDetails(r.Id, r.Name, r.Description, Role(r.Role), r.DefaultBranch, r.Branches, r.CreatedAt, r.UpdatedAt);
        }).WithSummary("Rename the repository or change its description (owner)")
            .RequireRepositoryRole(RepositoryRole.Owner);

        repos.MapDelete("/{repo}", async (string repo, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Owner);
            await grains.GetGrain<IRepositoryGrain>(repo).Delete(principal.UserIdOf());
            return Results.NoContent();
        }).WithSummary("Delete the repository (owner); its data goes to the server's trash")
            .RequireRepositoryRole(RepositoryRole.Owner);

        repos.MapGet("/{repo}/members", async (string repo, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            var members = await grains.GetGrain<IRepositoryGrain>(repo).GetMembers();
            return members.Select(m => new MemberResponse(m.UserId, m.Email, m.DisplayName, Role(m.Role), m.Pending));
        }).WithSummary("Members and their roles, and pending invitations")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repos.MapPut("/{repo}/members/{email}", async (string repo, string email, SetMemberRequest body, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Owner);
            if (!Enum.TryParse<RepositoryRole>(body.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(body.Role, out _))
                throw new BadRequestException("The role must be \"owner\", \"editor\" or \"viewer\".");
            var m = await grains.GetGrain<IRepositoryGrain>(repo).SetMember(principal.UserIdOf(), email, role);
            return new MemberResponse(m.UserId, m.Email, m.DisplayName, Role(m.Role), m.Pending);
        }).WithSummary("Give someone a role (owner); an email without an account gets a pending invitation")
            .RequireRepositoryRole(RepositoryRole.Owner);

        repos.MapPost("/{repo}/transfer", async (string repo, TransferRequest body, ClaimsPrincipal principal, IGrainFactory grains) =>
        {
            var m = await grains.GetGrain<IRepositoryGrain>(repo).TransferOwnership(principal.UserIdOf(), body.Email ?? "");
            return new MemberResponse(m.UserId, m.Email, m.DisplayName, Role(m.Role), m.Pending);
        }).WithSummary("Hand ownership to another member (owner): they become owner, you become editor")
            .RequireRepositoryRole(RepositoryRole.Owner);

        repos.MapDelete("/{repo}/members/{email}", async (string repo, string email, ClaimsPrincipal principal, RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            await grains.GetGrain<IRepositoryGrain>(repo).RemoveMember(principal.UserIdOf(), email);
            return Results.NoContent();
        }).WithSummary("Remove a member or invitation (owner), or leave (any member); the last owner cannot leave")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        return api;
    }

    internal static string Role(RepositoryRole role) => role.ToString().ToLowerInvariant();
}

public sealed record CreateRepositoryRequest(string? Name, string? Description, string? Template);

public sealed record CreatedRepository(string Id, string Name, string DefaultBranch);

public sealed record RepositorySummary(string Id, string Name, string Role, string DefaultBranch, DateTimeOffset UpdatedAt);

public sealed record RepositoryDetails(string Id, string Name, string? Description, string Role, string DefaultBranch,
    IReadOnlyList<string> Branches, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record MemberResponse(string? UserId, string Email, string DisplayName, string Role, bool Pending);

public sealed record SetMemberRequest(string? Role);

public sealed record TransferRequest(string? Email);

public sealed record UpdateRepositoryRequest(string? Name, string? Description);
