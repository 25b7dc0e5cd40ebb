using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace ContextKit.Api.Hubs;

/// <summary>
/// Hub methods fail like REST routes do: a typed Context Kit error reaches the client with its message
/// (SignalR hides every other exception's message, which is what we want for the unexpected ones).
/// </summary>
public sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (ContextKitException e)
        {
            throw new HubException($"{e.Code}: {e.Message}");
        }
        catch (InvalidPathException e)
        {
            throw new HubException($"invalid-path: {e.Message}");
        }
        catch (Exception e) when (e is not HubException)
        {
            logger.LogError(e, "Hub method {Method} failed", invocation.HubMethodName);
            throw;
        }
    }
}
