using System.Reflection;
using System.Runtime.ExceptionServices;
using ContextKit.Grains.Contracts;

namespace ContextKit.Silo.Deployment;

/// <summary>
/// Sends a grain call again when a node that leaves the cluster did not answer it, so that a graceful
/// shutdown of one node fails no request on the others. A node that shuts down refuses new calls for the
/// grains it hands over (a rejection: the call never ran), and a call that reaches it after it closed is
/// failed with <see cref="SiloUnavailableException"/> once it is gone (the outcome is unknown). Rejected
/// calls are always sent again; calls whose node went away only when a second run is harmless: a method
/// marked <see cref="SafeToRepeatAttribute"/> (reads), or a write with a version condition, which answers
/// 412 if the first attempt did apply, unless it finds its own bytes in place (<see cref="ResentCall"/>). An unconditional write or a commit keeps at-most-once: its 503
/// <c>node-unavailable</c> (ProblemMapping) goes back to the client.
/// </summary>
public sealed class RejectedCallRetry(ILogger<RejectedCallRetry> logger) : IOutgoingGrainCallFilter
{
    /// <summary>Pauses before each resend: meanwhile the directory forgets the leaving node's activations.</summary>
    static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    /// <remarks>The resend mark lives in this call's own async flow: it never reaches the caller's later calls.</remarks>
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            Exception? thrown = null;
            try
            {
                await context.Invoke();
            }
            catch (OrleansMessageRejectionException e)
            {
                thrown = e;
            }
            var failure = thrown ?? context.Response?.Exception;
            if (attempt == Pauses.Length || !MaySendAgain(context, failure))
            {
                if (thrown is not null)
                    ExceptionDispatchInfo.Throw(thrown);
                return;
            }
            logger.LogInformation("{Interface}.{Method} to {Grain} was not answered by a leaving node ({Reason}); sending it again",
                context.InterfaceName, context.MethodName, context.TargetId, failure!.GetType().Name);
            await Task.Delay(Pauses[attempt]);
            ResentCall.Mark();
        }
    }

    static bool MaySendAgain(IOutgoingGrainCallContext context, Exception? failure) => failure switch
    {
        SiloUnavailableException => SafeToRepeat(context),
        OrleansMessageRejectionException => true,
        _ => false,
    };

    static bool SafeToRepeat(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.GetCustomAttribute<SafeToRepeatAttribute>() is not null)
            return true;
        for (var i = 0; i < context.Request.GetArgumentCount(); i++)
            if (context.Request.GetArgument(i) is WriteCondition { IfMatch: not null } or WriteCondition { IfNoneMatch: true })
                return true;
        return false;
    }
}
