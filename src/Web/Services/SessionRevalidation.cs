using ContextKit.Api.Auth;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Services;

/// <summary>
/// Re-checks an open UI circuit's session every 30 seconds: once the password was changed elsewhere, the circuit's
/// user is signed out (the cookie middleware refuses the old cookie on the next page load as well).
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, SessionValidation sessions) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        state.User.Identity?.IsAuthenticated != true || await sessions.IsCurrent(state.User);
}
