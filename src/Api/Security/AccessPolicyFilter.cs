using ContextKit.Api.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextKit.Api.Security;

/// <summary>
/// The policy layer of every REST route: reads the route's <see cref="AccessPolicyAttribute"/>, refuses read-only tokens
/// on writes, and checks the caller's repository role through <see cref="RepositoryAccess"/> before the handler runs.
/// A route without a policy is refused (fail closed) and logged, and the route × role matrix test fails on it.
/// </summary>
public sealed class AccessPolicyFilter(RepositoryAccess access, ILogger<AccessPolicyFilter> logger) : IEndpointFilter
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
        if (policy.Kind == AccessKind.Repository)
        {
            var repo = http.Request.RouteValues[RepositoryRouteValue] as string
                       ?? throw new InvalidOperationException($"The repository route {http.GetEndpoint()?.DisplayName} has no {{repo}} value.");
            await access.Authorize(http.User, repo, policy.Role!.Value);
        }
        return await next(context);
    }
}
