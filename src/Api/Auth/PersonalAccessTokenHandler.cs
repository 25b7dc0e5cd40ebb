using System.Security.Claims;
using System.Text.Encodings.Web;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextKit.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer ckp_…</c> personal access tokens: the user id inside the token
/// names the account, whose grain checks the token's hash, expiry and scope. The principal carries a
/// <c>scope</c> claim (read or write) that <see cref="Repositories.RepositoryAccess"/> enforces.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    public static bool IsPersonalToken(string? bearer) => bearer?.StartsWith(AccessTokenScopes.Prefix, StringComparison.Ordinal) == true;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.FirstOrDefault();
        var token = header?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? header[7..].Trim() : Request.Query["access_token"].FirstOrDefault();
        if (!IsPersonalToken(token))
            return AuthenticateResult.NoResult();
        var rest = token![AccessTokenScopes.Prefix.Length..];
        if (rest.Length < 34 || rest[32] != '_' || !rest[..32].All(char.IsAsciiHexDigitLower))
            return AuthenticateResult.Fail("Malformed personal access token.");
        var verified = await grains.GetGrain<IUserGrain>(rest[..32]).VerifyAccessToken(token);
        if (verified is null)
            return AuthenticateResult.Fail("Unknown, revoked or expired personal access token.");
        var identity = new ClaimsIdentity(
            ContextKitClaims.For(verified.User).Append(new Claim(ContextKitClaims.Scope, verified.Scope)).Append(new Claim(ContextKitClaims.TokenId, verified.TokenId)),
            SchemeName, ContextKitClaims.Name, "role");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
