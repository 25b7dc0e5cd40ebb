using ContextKit.Grains.Contracts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContextKit.Api.Auth;

/// <summary>Issues the short-lived access tokens API clients send as <c>Authorization: Bearer</c>.</summary>
public sealed class TokenService(SigningKeyStore keys, TimeProvider clock)
{
    public const string Issuer = "contextkit";
    public const string Audience = "contextkit-api";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    public (string Token, DateTimeOffset ExpiresAt) IssueAccessToken(UserProfile user)
    {
        var now = clock.GetUtcNow();
        var expires = now + AccessTokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = ContextKitClaims.For(user).ToDictionary(c => c.Type, c => (object)c.Value),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = keys.Key,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = ContextKitClaims.Name,
    };
}
