using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace ContextKit.Api.Auth;

/// <summary>
/// GitHub sign-in over OAuth 2: GitHub has no ID token, so the claims <see cref="ExternalSignIn.IdentityOf"/> reads
/// (<c>sub</c>, <c>email</c>, <c>email_verified</c>, <c>name</c>) are taken from its user API and its list of addresses,
/// where only the primary address counts and only as verified as GitHub says it is.
/// </summary>
public static class GitHubIdentity
{
    public const string AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
    public const string TokenEndpoint = "https://github.com/login/oauth/access_token";
    public const string UserEndpoint = "https://api.github.com/user";
    public const string EmailsEndpoint = "https://api.github.com/user/emails";

    public static async Task AddClaims(OAuthCreatingTicketContext context)
    {
        using var user = await Get(context, UserEndpoint);
        using var emails = await Get(context, EmailsEndpoint);
        context.Identity!.AddClaims(ClaimsOf(user.RootElement, emails.RootElement));
    }

    /// <summary>The claims for a GitHub user (<c>GET /user</c>) and their addresses (<c>GET /user/emails</c>).</summary>
    public static IReadOnlyList<Claim> ClaimsOf(JsonElement user, JsonElement emails)
    {
        var id = user.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.Number
            ? idValue.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("GitHub's user answer has no id.");
        var claims = new List<Claim> { new("sub", id) };
        var name = Text(user, "name") ?? Text(user, "login");
        if (name is not null)
            claims.Add(new Claim("name", name));
        var primary = emails.ValueKind == JsonValueKind.Array
            ? emails.EnumerateArray().FirstOrDefault(e => e.TryGetProperty("primary", out var p) && p.ValueKind == JsonValueKind.True)
            : default;
        if (primary.ValueKind == JsonValueKind.Object && Text(primary, "email") is { } email)
        {
            claims.Add(new Claim("email", email));
            var verified = primary.TryGetProperty("verified", out var v) && v.ValueKind == JsonValueKind.True;
            claims.Add(new Claim("email_verified", verified ? "true" : "false"));
        }
        return claims;
    }

    static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    static async Task<JsonDocument> Get(OAuthCreatingTicketContext context, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ContextKit", "1.0"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted));
    }
}
