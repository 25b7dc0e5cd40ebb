using ContextKit.Api.Audit;
using ContextKit.Api.Auth;
using ContextKit.Api.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextKit.Api.Security;

/// <summary>
/// The policy layer of every REST route: reads the route's <see cref="AccessPolicyAttribute"/>, refuses read-only tokens
/// on writes, and checks the caller's repository role through <see cref="RepositoryAccess"/> before the handler runs.
/// A route without a policy is refused (fail closed) and logged, and the route × role matrix test fails on it.
/// After the handler succeeded it records the audit entry of writes: on repository routes every write (and every
/// DELETE, such as leaving) goes to the repository's log, account writes (tokens, password) to the account's log.
/// </summary>
public sealed class AccessPolicyFilter(RepositoryAccess access, AuditTrail audit, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
    ILogger<AccessPolicyFilter> logger) : IEndpointFilter
{
    public const string RepositoryRouteValue = "repo";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<AccessPolicyAttribute>();
        if (policy is null)
        {
            logger.LogError("The route {Route} has no access policy; refusing it", http.GetEndpoint()?.DisplayName);
            throw new AccessDeniedException("This route has no access policy.");
        }
        if (policy.Kind != AccessKind.Public && policy.Writes)
            RepositoryAccess.EnsureCanWrite(http.User);
        await RequireAntiforgeryForCookieWrites(http);
        if (policy.Kind == AccessKind.Repository)
        {
            var repo = http.Request.RouteValues[RepositoryRouteValue] as string
                       ?? throw new InvalidOperationException($"The repository route {http.GetEndpoint()?.DisplayName} has no {{repo}} value.");
            await access.Authorize(http.User, repo, policy.Role!.Value);
        }
        var result = await next(context);
        if (Audited(policy, http.Request.Method) && result is not Microsoft.AspNetCore.Http.IStatusCodeHttpResult { StatusCode: >= 400 }
            && http.GetEndpoint() is Microsoft.AspNetCore.Routing.RouteEndpoint route)
        {
            var actor = http.User.ToActor();
            var action = AuditActions.NameOf(route, http.Request.Method);
            var target = AuditActions.TargetOf(http);
            var address = http.Connection.RemoteIpAddress?.ToString();
            if (policy.Kind == AccessKind.Repository)
                await audit.RecordForRepository((string)http.Request.RouteValues[RepositoryRouteValue]!, actor, action, target, AuditSources.Api, address);
            else
                await audit.RecordForAccount(actor, action, target, AuditSources.Api, address);
        }
        return result;
    }

    /// <summary>
    /// A write that rides on the browser's cookie (not a bearer token) must carry an antiforgery token, so that no
    /// other site can make a signed-in browser change anything, whatever the cookie's SameSite rules let through.
    /// </summary>
    async Task RequireAntiforgeryForCookieWrites(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
            return;
        if (http.User.Identity is not { IsAuthenticated: true, AuthenticationType: Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme })
            return;
        if (!await antiforgery.IsRequestValidAsync(http))
            throw new BadRequestException("This change came with the sign-in cookie but without a valid antiforgery token; send one (header RequestVerificationToken) or use a bearer token.");
    }

    static bool Audited(AccessPolicyAttribute policy, string method) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method) && policy.Kind switch
        {
            AccessKind.Repository => policy.Writes || HttpMethods.IsDelete(method),
            AccessKind.Account => policy.Writes,
            _ => false,
        };
}
