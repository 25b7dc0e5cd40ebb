using System.Security.Claims;
using System.Text.Json;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>The context engine over HTTP: entities, validation, graph, impact, prompts and C4 (api.md "Entities and the context engine").</summary>
public static class ContextEndpoints
{
    public static RouteGroupBuilder MapContextEndpoints(this RouteGroupBuilder api)
    {
        var repo = api.MapGroup("/repos/{repo}").WithTags("Context");

        repo.MapGet("/entities", async (string repo, string? branch, string? type, string? status, string? q, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            if (type is not null && EntityType.Named(type) is null)
                throw new BadRequestException($"Unknown entity type '{type}'; use one of {string.Join(", ", EntityType.Entities.Select(t => t.Name))}.");
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.ListEntities(new EntityQuery(type, status, q));
        }).WithSummary("Entities of the branch, filtered by type, status and text");

        repo.MapGet("/entities/{id}", async (string repo, string id, string? branch, HttpContext http, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            var entity = await scope.Workspace.GetEntity(id);
            http.Response.Headers.ETag = $"\"{entity.ETag}\"";
            return new EntityResponse(entity.Id, entity.Type, entity.Path, JsonDocument.Parse(entity.DataJson).RootElement, entity.Yaml, entity.ETag);
        }).WithSummary("One entity: its data, its YAML text and its file version");

        repo.MapPost("/validate", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.Validate();
        }).WithSummary("Validate the branch's working tree (context-repo-format §5)");

        repo.MapGet("/graph", async (string repo, string? branch, string? centre, int? depth, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetGraph(centre, depth ?? 2);
        }).WithSummary("The dependency graph (§6); with centre=<id>, the entities within depth hops of it");

        repo.MapPost("/impact", async (string repo, ImpactBody body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, body.Branch);
            return await scope.Workspace.AnalyzeImpact(new ImpactRequest(body.Ids ?? [], body.Depth ?? ImpactRequest.DefaultDepth, body.Base ?? ImpactRequest.DefaultBase));
        }).WithSummary("What a change to the given entities touches (§7)");

        repo.MapPost("/generate", async (string repo, GenerateBody body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            return await scope.Workspace.GeneratePrompts(body.Ids ?? [], scope.Actor);
        }).WithSummary("Generate prompt files for entities into generated/prompts/ (§8)");

        repo.MapGet("/c4", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetC4(null);
        }).WithSummary("Every C4 diagram's projections and validation (§10)");

        repo.MapGet("/c4/{**name}", async (string repo, string name, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetC4(name);
        }).WithSummary("One diagram (its path under c4/ without extension): projections and validation");

        return api;
    }
}

public sealed record EntityResponse(string Id, string Type, string Path, JsonElement Data, string Yaml, string Etag);

public sealed record ImpactBody(IReadOnlyList<string>? Ids, int? Depth, string? Base, string? Branch);

public sealed record GenerateBody(IReadOnlyList<string>? Ids, string? Branch);
