using System.Security.Claims;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>The change feed's catch-up route: what a client missed while away (api.md "Change feed").</summary>
public static class ChangeFeedEndpoints
{
    public const string SequenceHeader = "X-Feed-Sequence";
    public const string TruncatedHeader = "X-Feed-Truncated";

    public static RouteGroupBuilder MapChangeFeedEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/repos/{repo}/events", async (string repo, long? since, int? limit, HttpContext http, ClaimsPrincipal principal,
            RepositoryAccess access, IGrainFactory grains) =>
        {
            await access.Require(principal, repo, RepositoryRole.Viewer);
            var page = await grains.GetGrain<IChangeFeedGrain>(repo).GetSince(Math.Max(0, since ?? 0), limit ?? 500);
            http.Response.Headers[SequenceHeader] = page.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Events older than the retained window are gone: the client should reload instead of patching.
            if (page.Truncated)
                http.Response.Headers[TruncatedHeader] = "true";
            return page.Events;
        }).WithTags("Change feed").WithSummary("Events after sequence N, oldest first")
            .RequireRepositoryRole(RepositoryRole.Viewer);
        return api;
    }
}
