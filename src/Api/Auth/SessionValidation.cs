using System.Globalization;
using System.Security.Claims;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Auth;

/// <summary>
/// Whether a signed-in session still counts: after a password change, access tokens (their <c>iat</c>) and cookies and
/// UI circuits (their <c>auth_time</c>) issued before the change are refused. Personal access tokens are checked by
/// their own handler. Asked on every authenticated request, so an ended session ends at once.
/// </summary>
public sealed class SessionValidation(IGrainFactory grains)
{
    public const string AuthTime = "auth_time";
    const string IssuedAtClaim = "iat";

    public async Task<bool> IsCurrent(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(ContextKitClaims.UserId) is not { } userId)
            return false;
        if (principal.IsPersonalAccessToken())
            return true;
        var since = await grains.GetGrain<IUserGrain>(userId).GetSessionsValidSince();
        return since is null || IssuedAt(principal) is { } issued && issued >= since;
    }

    /// <summary>The claim a cookie session carries for when it was issued.</summary>
    public static Claim IssuedNow(TimeProvider clock) =>
        new(AuthTime, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    static DateTimeOffset? IssuedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(IssuedAtClaim) ?? principal.FindFirstValue(AuthTime), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
