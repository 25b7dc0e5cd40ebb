using System.Reflection;
using ContextKit.Api.Audit;
using ContextKit.Api.Auth;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace ContextKit.Api.Hubs;

/// <summary>
/// The policy layer of hub methods, the same as <see cref="AccessPolicyFilter"/> for routes: each hub method carries an
/// <see cref="AccessPolicyAttribute"/>; repository methods name the repository in their <c>repo</c> argument, and the
/// caller's role is checked through <see cref="RepositoryAccess"/> on every call (so a demotion a second ago counts).
/// A method without a policy is refused. Writes are audited (source "hub"), once per connection, target and minute.
/// </summary>
public sealed class HubAccessFilter(RepositoryAccess access, AuditTrail audit) : IHubFilter
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
            var result = await next(invocation);
            if (policy.Writes)
            {
                var target = string.Join(' ', invocation.HubMethod.GetParameters()
                    .Select((p, i) => (p, value: invocation.HubMethodArguments[i]))
                    .Where(a => a.p.Name != RepositoryArgument && a.value is string)
                    .Select(a => (string)a.value!));
                var action = "hub." + invocation.HubMethodName;
                await audit.RecordCoalesced($"{invocation.Context.ConnectionId}|{repo}|{action}|{target}", repo, user.ToActor(), action,
                    target, AuditSources.Hub, invocation.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString());
            }
            return result;
        }
        return await next(invocation);
    }
}
