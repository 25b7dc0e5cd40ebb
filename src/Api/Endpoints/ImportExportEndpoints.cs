using System.Security.Claims;
using ContextKit.Api.Auth;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;
using ContextKit.Grains.Imports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ContextKit.Api.Endpoints;

/// <summary>
/// Bringing repositories in (a zip or tar.gz of a desktop repository folder, or a clone URL) and taking
/// them out (a zip of a branch's working tree).
/// </summary>
public static class ImportExportEndpoints
{
    public static RouteGroupBuilder MapImportExportEndpoints(this RouteGroupBuilder api)
    {
        var repos = api.MapGroup("/repos").WithTags("Repositories");

        // Bearer-token clients cannot carry an antiforgery token; the cookie is SameSite=Lax, so a
        // cross-site form post arrives without it and is refused as unauthenticated anyway.
        repos.MapPost("/import", Import).DisableAntiforgery().RequireSignedInAccount(writes: true)
            .WithSummary("Import a repository: multipart `file` (zip or tar.gz, with or without .git) + `name`, or JSON {name, cloneUrl, branch?}");

        repos.MapGet("/{repo}/export", async (string repo, string? branch, ClaimsPrincipal principal, RepositoryAccess access) =>
        {
            var scope = await access.Require(principal, repo, RepositoryRole.Viewer, branch);
            var zip = await scope.Workspace.Export();
            return Results.File(zip, "application/zip", $"{scope.Repository.Id}-{RepositoryNames.Slug(scope.Branch, 60)}.zip");
        }).WithSummary("A zip of the branch's working tree")
            .RequireRepositoryRole(RepositoryRole.Viewer);

        return api;
    }

    static async Task<IResult> Import(HttpContext http, ClaimsPrincipal principal, IGrainFactory grains, RepositoryStore store, IOptions<ImportLimits> options)
    {
        RepositoryAccess.EnsureCanWrite(principal);
        var limits = options.Value;
        var owner = principal.ToActor();
        string name;
        ImportSource source;
        string? staging = null;
        try
        {
            if (http.Request.HasFormContentType)
            {
                (name, staging) = await ReceiveArchive(http, store, limits);
                source = new ImportSource(staging, null, null);
            }
            else
            {
                var body = await http.Request.ReadFromJsonAsync<CloneRequest>(http.RequestAborted)
                           ?? throw new BadRequestException("Send a multipart archive or a JSON body {name, cloneUrl}.");
                name = body.Name ?? "";
                source = new ImportSource(null, CloneUrlPolicy.Check(body.CloneUrl, limits), body.Branch);
            }
            if (RepositoryNames.CheckName(name) is { } problem)
                throw new BadRequestException(problem);
            var info = await grains.GetGrain<IRepositoryGrain>(RepositoryNames.NewId(name)).Import(name, null, source, owner);
            return Results.Created($"/api/repos/{info.Id}", new CreatedRepository(info.Id, info.Name, info.DefaultBranch));
        }
        finally
        {
            if (staging is not null)
                await Task.Run(() => DeleteQuietly(Path.GetDirectoryName(staging)!));
        }
    }

    /// <summary>Streams the upload to disk within the size limit and unpacks it; returns the name and the unpacked folder.</summary>
    static async Task<(string Name, string Folder)> ReceiveArchive(HttpContext http, RepositoryStore store, ImportLimits limits)
    {
        if (http.Request.ContentLength > limits.MaxArchiveBytes + 64 * 1024)
            throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxArchiveBytes + 64 * 1024;
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limits.MaxArchiveBytes }));
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files.GetFile("file") ?? throw new BadRequestException("Attach the archive as the form field 'file'.");
        if (file.Length > limits.MaxArchiveBytes)
            throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        var name = form["name"].FirstOrDefault() is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(file.FileName.Replace(".tar.gz", ""));

        var staging = store.NewStagingFolder();
        var archive = Path.Combine(staging, "upload");
        await using (var output = File.Create(archive))
            await file.CopyToAsync(output, http.RequestAborted);
        var unpacked = Path.Combine(staging, "tree");
        await Task.Run(() => ArchiveExtractor.Extract(archive, unpacked, limits), http.RequestAborted);
        return (name, unpacked);
    }

    static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Staging leftovers are harmless; the next start-up or an operator removes them.
        }
    }

    sealed record CloneRequest(string? Name, string? CloneUrl, string? Branch);
}
