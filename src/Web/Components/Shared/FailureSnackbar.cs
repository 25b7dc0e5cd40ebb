using ContextKit.Web.Services;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Shared;

/// <summary>How components tell a person that something they did failed, and log what nobody can act on.</summary>
public static class FailureSnackbar
{
    /// <summary>Shows "<paramref name="what"/> failed: why" and logs the failure when it is a bug or an outage rather than a user error.</summary>
    public static void Failure(this ISnackbar snackbar, ILogger logger, Exception e, string what)
    {
        snackbar.Add($"{what} failed. {logger.Explain(e, "{What} failed", what)}", Severity.Error);
    }
}
