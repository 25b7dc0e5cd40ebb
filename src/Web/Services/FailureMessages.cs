using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Services;

/// <summary>What to tell a person when something they asked for failed: what happened and what they can do.</summary>
public static class FailureMessages
{
    /// <summary>True for failures the person can act on (a bad name, a missing file, a role too low); false for bugs and outages, which are worth a log entry.</summary>
    public static bool IsExpected(Exception e) => e is ContextKitException or InvalidPathException;

    public static string For(Exception e) => e switch
    {
        AccessDeniedException denied => $"{denied.Message} Ask an owner of the repository for a higher role.",
        RepositoryUnavailableException unavailable => unavailable.Message,
        ContextKitException known => known.Message,
        InvalidPathException path => path.Message,
        TimeoutException => "The server took too long to answer. Try again in a moment.",
        _ => "Something went wrong on the server. Try again; if it keeps failing, reload the page.",
    };

    /// <summary>
    /// What to tell the person about <paramref name="e"/>; a failure they cannot act on is logged first, with
    /// <paramref name="message"/> (a log message template) and its <paramref name="args"/>.
    /// </summary>
    public static string Explain(this ILogger logger, Exception e, string message, params object?[] args)
    {
        if (!IsExpected(e))
            logger.LogError(e, message, args);
        return For(e);
    }
}
