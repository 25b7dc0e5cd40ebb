using System.Security.Claims;
using ContextKit.Api.Errors;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace ContextKit.Api.Endpoints;

/// <summary>
/// Files in a branch's working tree (api.md "Files"). Every write names the version it replaces
/// (<c>If-Match</c>) or says it creates (<c>If-None-Match: *</c>), so nobody overwrites a change they
/// have not seen: a stale version gets 412 with the current one.
/// </summary>
public static class FileEndpoints
{
    static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder api)
    {
        var files = api.MapGroup("/repos/{repo}").WithTags("Files");

        files.MapGet("/tree", async (string repo, string? branch, string? path, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            return await scope.Workspace.ListTree(path ?? "");
        }).WithSummary("Files and folders directly below a folder")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        files.MapGet("/files/{**path}", async (string repo, string path, string? branch, HttpContext http, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            var file = await scope.Workspace.ReadFile(path);
            var etag = Quote(file.ETag);
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "no-cache";
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && Unquote(v) == file.ETag))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(file.Content, ContentTypeOf(path));
        }).WithSummary("A file's raw content, with its version as ETag")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        files.MapPut("/files/{**path}", async (string repo, string path, string? branch, HttpContext http, ClaimsPrincipal principal,
            RepositoryAccess access, IOptions<ApiLimits> limits) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, branch);
            var condition = ConditionOf(http.Request, forCreate: true);
            var content = await ReadBody(http.Request, limits.Value.MaxFileBytes);
            try
            {
                var result = await scope.Workspace.WriteFile(path, content, condition, scope.Actor);
                http.Response.Headers.ETag = Quote(result.ETag);
                return Results.Ok(new FileWriteResponse(result.ETag, result.Created, result.Validation));
            }
            catch (RevisionConflictException conflict)
            {
                return ProblemMapping.Stale(http, conflict);
            }
        }).WithSummary("Create (If-None-Match: *) or update (If-Match: <etag>) a file; the body is the raw content")
            .RequireRepositoryRole(RepositoryRole.Editor);

        files.MapDelete("/files/{**path}", async (string repo, string path, string? branch, HttpContext http, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Editor, branch);
            var condition = ConditionOf(http.Request, forCreate: false);
            try
            {
                await scope.Workspace.DeleteFile(path, condition.IfMatch, scope.Actor);
                return Results.NoContent();
            }
            catch (RevisionConflictException conflict)
            {
                return ProblemMapping.Stale(http, conflict);
            }
        }).WithSummary("Delete a file (If-Match: <etag>)")
            .RequireRepositoryRole(RepositoryRole.Editor);

        return api;
    }

    /// <summary>The precondition of a write; missing altogether is refused with 428 rather than risking a lost update.</summary>
    static WriteCondition ConditionOf(HttpRequest request, bool forCreate)
    {
        var ifMatch = request.Headers.IfMatch.FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(ifMatch))
            return WriteCondition.Replace(Unquote(ifMatch));
        if (forCreate && request.Headers.IfNoneMatch.FirstOrDefault()?.Trim() == "*")
            return WriteCondition.Create;
        throw new PreconditionRequiredException(forCreate
            ? "Send If-Match with the version you are replacing, or If-None-Match: * to create a new file."
            : "Send If-Match with the version you are deleting.");
    }

    static async Task<byte[]> ReadBody(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
            throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static string Quote(string etag) => $"\"{etag}\"";

    static string Unquote(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal))
            v = v[2..];
        return v.Trim('"');
    }

    static string ContentTypeOf(string path) =>
        ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";

    static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".yaml"] = "text/yaml; charset=utf-8";
        provider.Mappings[".yml"] = "text/yaml; charset=utf-8";
        provider.Mappings[".md"] = "text/markdown; charset=utf-8";
        provider.Mappings[".hbs"] = "text/plain; charset=utf-8";
        provider.Mappings[".json"] = "application/json; charset=utf-8";
        provider.Mappings[".txt"] = "text/plain; charset=utf-8";
        provider.Mappings[".gitignore"] = "text/plain; charset=utf-8";
        // Never let a stored file run as a page in the app's origin.
        provider.Mappings[".html"] = "text/plain; charset=utf-8";
        provider.Mappings[".htm"] = "text/plain; charset=utf-8";
        provider.Mappings[".svg"] = "text/plain; charset=utf-8";
        provider.Mappings[".js"] = "text/plain; charset=utf-8";
        return provider;
    }
}

public sealed record FileWriteResponse([property: System.Text.Json.Serialization.JsonPropertyName("etag")] string ETag, bool Created, ContextKit.Domain.Validation.ValidationReport Validation);

/// <summary>Limits on what a request may carry.</summary>
public sealed class ApiLimits
{
    /// <summary>The largest file a client may write, in bytes (5 MiB).</summary>
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The largest JSON request body, in bytes (2 MiB: twice the largest YAML document the engine reads).</summary>
    public long MaxJsonBytes { get; set; } = 2 * 1024 * 1024;
}
