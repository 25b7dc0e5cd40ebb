using System.Reflection;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace ContextKit.Api.Hubs;

/// <summary>
/// The policy layer of hub methods, the same as <see cref="AccessPolicyFilter"/> for routes: each hub method carries an
/// <see cref="AccessPolicyAttribute"/>; repository methods name the repository in their <c>repo</c> argument, and the
/// caller's role is checked through <see cref="RepositoryAccess"/> on every call (so a demotion a second ago counts).
/// A method without a policy is refused.
/// </summary>
public sealed class HubAccessFilter(RepositoryAccess access) : IHubFilter
{
    public const string RepositoryArgument = "repo";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var policy = invocation.HubMethod.GetCustomAttribute<AccessPolicyAttribute>()
                     ?? throw new AccessDeniedException($"The hub method {invocation.HubMethodName} has no access policy.");
        var user = invocation.Context.User ?? throw new AccessDeniedException("Sign in first.");
        if (policy.Kind != AccessKind.Public && policy.Writes)
            RepositoryAccess.EnsureCanWrite(user);
        if (policy.Kind == AccessKind.Repository)
        {
            var index = Array.FindIndex(invocation.HubMethod.GetParameters(), p => p.Name == RepositoryArgument);
            if (index < 0 || invocation.HubMethodArguments[index] is not string repo)
                throw new BadRequestException("Name the repository.");
            await access.Authorize(user, repo, policy.Role!.Value);
        }
        return await next(invocation);
    }
}
