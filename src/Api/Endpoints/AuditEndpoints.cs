using System.Security.Claims;
using System.Text.Json;
using ContextKit.Api.Auth;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>The audit log: a repository's for its owners, and each account's own (api-notes "Audit log").</summary>
public static class AuditEndpoints
{
    const int ExportPage = 500;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/repos/{repo}/audit").WithTags("Audit").RequireRepositoryRole(RepositoryRole.Owner);

        audit.MapGet("/", async (string repo, string? actor, string? action, DateTimeOffset? since, DateTimeOffset? until, int? limit, IGrainFactory grains) =>
            await grains.GetGrain<IAuditLogGrain>(AuditKeys.Repository(repo)).Query(new AuditQuery(actor, action, since, until, null, limit ?? 200)))
            .WithSummary("Audit entries, newest first, filtered by actor (id or name), action prefix and time (owner)");

        audit.MapGet("/export", async (string repo, string? actor, string? action, DateTimeOffset? since, DateTimeOffset? until, HttpContext http, IGrainFactory grains) =>
        {
            var log = grains.GetGrain<IAuditLogGrain>(AuditKeys.Repository(repo));
            http.Response.ContentType = "application/x-ndjson; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{repo}-audit.jsonl\"";
            long after = 0;
            while (true)
            {
                var page = await log.Query(new AuditQuery(actor, action, since, until, after, ExportPage));
                foreach (var entry in page)
                {
                    await http.Response.WriteAsync(JsonSerializer.Serialize(entry, Json) + "\n", http.RequestAborted);
                    after = entry.Sequence;
                }
                if (page.Count < ExportPage)
                    break;
            }
            return Results.Empty;
        }).WithSummary("The whole audit log as JSON lines, oldest first, with the same filters (owner)");

        api.MapGet("/auth/audit", async (int? limit, ClaimsPrincipal principal, IGrainFactory grains) =>
            await grains.GetGrain<IAuditLogGrain>(AuditKeys.Account(principal.UserIdOf())).Query(new AuditQuery(Limit: limit ?? 100)))
            .WithTags("Accounts").RequireSignedInAccount()
            .WithSummary("Your account's own audit entries (tokens, password), newest first");

        return api;
    }
}
