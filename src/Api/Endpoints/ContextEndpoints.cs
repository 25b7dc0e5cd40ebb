using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Api.Entities;
using ContextKit.Api.Errors;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
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
        }).WithSummary("Entities of the branch, filtered by type, status and text")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapGet("/entities/{id}", async (string repo, string id, string? branch, HttpContext http, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            var entity = await scope.Workspace.GetEntity(id);
            http.Response.Headers.ETag = $"\"{entity.ETag}\"";
            return new EntityResponse(entity.Id, entity.Type, entity.Path, JsonDocument.Parse(entity.DataJson).RootElement, entity.Yaml, entity.ETag);
        }).WithSummary("One entity: its data, its YAML text and its file version")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapGet("/entity-templates", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            var set = await scope.Workspace.GetEntityTemplates();
            return new
            {
                templates = set.Templates.Select(t => new { t.Id, t.Name, t.Description, t.EntityType, t.Icon, prototype = JsonDocument.Parse(t.PrototypeJson).RootElement }),
                set.Warnings,
            };
        }).WithSummary("Builder templates (§12)")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapPost("/entities", async (string repo, CreateEntityBody body, ClaimsPrincipal principal, RepositoryAccess access, EntityAuthoring authoring) =>
        {
            if (EntityType.Named(body.Type) is not { } type || type == EntityType.Governance)
                throw new BadRequestException($"Give the entity's type: one of {string.Join(", ", EntityType.Entities.Select(t => t.Name))}.");
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            var data = body.Data is { ValueKind: JsonValueKind.Object } given ? JsonNode.Parse(given.GetRawText())!.AsObject() : [];
            var result = await authoring.Create(scope, type, data, body.Template);
            return Results.Created($"/api/repos/{repo}/entities/{result.Id}", result);
        }).WithSummary("Create an entity; the server allocates its id unless data.id is given (§12)")
            .RequireRepositoryRole(RepositoryRole.Editor);

        repo.MapPut("/entities/{id}", async (string repo, string id, EntityDataBody body, HttpContext http, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            var ifMatch = IfMatch(http) ?? throw new PreconditionRequiredException("Send If-Match with the entity's etag.");
            if (body.Data is not { ValueKind: JsonValueKind.Object } data)
                throw new BadRequestException("Send the entity's data as a JSON object: {\"data\": {...}}.");
            try
            {
                var result = await scope.Workspace.UpdateEntity(id, data.GetRawText(), ifMatch, scope.Actor);
                http.Response.Headers.ETag = $"\"{result.ETag}\"";
                return Results.Ok(new { etag = result.ETag, result.Validation });
            }
            catch (RevisionConflictException conflict)
            {
                return ProblemMapping.Stale(http, conflict);
            }
        }).WithSummary("Save an entity's data; only changed fields are rewritten in its file")
            .RequireRepositoryRole(RepositoryRole.Editor);

        repo.MapDelete("/entities/{id}", async (string repo, string id, string? branch, HttpContext http, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, branch);
            var ifMatch = IfMatch(http) ?? throw new PreconditionRequiredException("Send If-Match with the entity's etag.");
            try
            {
                await scope.Workspace.DeleteEntity(id, ifMatch, scope.Actor);
                return Results.NoContent();
            }
            catch (RevisionConflictException conflict)
            {
                return ProblemMapping.Stale(http, conflict);
            }
        }).WithSummary("Delete an entity's file")
            .RequireRepositoryRole(RepositoryRole.Editor);

        repo.MapPost("/validate", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.Validate();
        }).WithSummary("Validate the branch's working tree (context-repo-format §5)")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapGet("/graph", async (string repo, string? branch, string? centre, int? depth, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetGraph(centre, depth ?? 2);
        }).WithSummary("The dependency graph (§6); with centre=<id>, the entities within depth hops of it")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapPost("/impact", async (string repo, ImpactBody body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, body.Branch);
            return await scope.Workspace.AnalyzeImpact(new ImpactRequest(body.Ids ?? [], body.Depth ?? ImpactRequest.DefaultDepth, body.Base ?? ImpactRequest.DefaultBase));
        }).WithSummary("What a change to the given entities touches (§7)")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapPost("/generate", async (string repo, GenerateBody body, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, body.Branch);
            return await scope.Workspace.GeneratePrompts(body.Ids ?? [], scope.Actor);
        }).WithSummary("Generate prompt files for entities into generated/prompts/ (§8)")
            .RequireRepositoryRole(RepositoryRole.Editor);

        repo.MapGet("/c4", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetC4(null);
        }).WithSummary("Every C4 diagram's projections and validation (§10)")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        repo.MapGet("/c4/{**name}", async (string repo, string name, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.GetC4(name);
        }).WithSummary("One diagram (its path under c4/ without extension): projections and validation")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        return api;
    }

    static string? IfMatch(HttpContext http) =>
        http.Request.Headers.IfMatch.FirstOrDefault() is { Length: > 0 } value ? value.Trim().Replace("W/", "").Trim('"') : null;
}

public sealed record CreateEntityBody(string? Type, JsonElement? Data, string? Branch, string? Template);

public sealed record EntityDataBody(JsonElement? Data, string? Branch);

public sealed record EntityResponse(string Id, string Type, string Path, JsonElement Data, string Yaml, string Etag);

public sealed record ImpactBody(IReadOnlyList<string>? Ids, int? Depth, string? Base, string? Branch);

public sealed record GenerateBody(IReadOnlyList<string>? Ids, string? Branch);
