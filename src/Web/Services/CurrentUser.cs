using System.Security.Claims;
using ContextKit.Api.Auth;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Components.Authorization;

namespace ContextKit.Web.Services;

/// <summary>
/// The person behind this circuit, as the authentication cookie named them when the circuit started.
/// Scoped: one per circuit (or per request for server-rendered pages).
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> Principal() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<Actor> Actor() => (await Principal()).ToActor();
}
