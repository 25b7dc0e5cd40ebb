using System.Security.Claims;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Auth;

/// <summary>The claims Context Kit puts in its cookies and tokens, and how to read the caller back from them.</summary>
public static class ContextKitClaims
{
    public const string UserId = "sub";
    public const string Email = "email";
    public const string Name = "name";

    /// <summary>Present on personal-access-token sign-ins: "read" or "write".</summary>
    public const string Scope = "scope";

    public const string TokenId = "token_id";

    public static IEnumerable<Claim> For(UserProfile user) =>
    [
        new(UserId, user.Id),
        new(Email, user.Email),
        new(Name, user.DisplayName),
    ];

    /// <summary>A cookie session's principal, stamped with when it was issued (see <see cref="SessionValidation"/>).</summary>
    public static ClaimsPrincipal Principal(UserProfile user, string authenticationType, TimeProvider clock) =>
        new(new ClaimsIdentity(For(user).Append(SessionValidation.IssuedNow(clock)), authenticationType, Name, "role"));

    /// <summary>The signed-in caller; throws when the principal is not one of ours (a bug, not a user error).</summary>
    public static Actor ToActor(this ClaimsPrincipal principal) =>
        new(principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("The caller is not signed in."),
            principal.FindFirstValue(Name) ?? "",
            principal.FindFirstValue(Email) ?? "");

    public static string UserIdOf(this ClaimsPrincipal principal) => principal.ToActor().UserId;

    /// <summary>True when the caller signed in with a read-only personal access token.</summary>
    public static bool IsReadOnly(this ClaimsPrincipal principal) => principal.FindFirstValue(Scope) == "read";

    public static bool IsPersonalAccessToken(this ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == TokenId);
}
