using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ContextKit.Api.Auth;

/// <summary>One OpenID Connect provider as configured under <c>ContextKit:ExternalSignIn:{name}</c>.</summary>
public sealed class ExternalProviderOptions
{
    public bool Enabled { get; set; }

    /// <summary>The issuer; for "google" and "entra" (with <see cref="Tenant"/>) it is filled in.</summary>
    public string? Authority { get; set; }

    public string? Tenant { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Kept out of logs and answers; comes from a secret store in production.</summary>
    public string? ClientSecret { get; set; }

    public string? DisplayName { get; set; }
}

/// <summary>
/// OpenID Connect sign-in with Google, Entra ID or any OIDC provider, off unless configured:
/// <c>ContextKit:ExternalSignIn:google:Enabled=true</c>, <c>ClientId</c>, <c>ClientSecret</c> (Entra also <c>Tenant</c>).
/// Each enabled provider becomes the scheme <c>oidc-{name}</c> with the authorization-code flow and PKCE, its callback
/// at <c>/signin-oidc-{name}</c>, signing into a short-lived external cookie; <c>/account/external/{name}/callback</c>
/// then links the identity to an account (<see cref="Accounts.ExternalAccountLinker"/>). GitHub speaks OAuth 2 without
/// OpenID Connect: <c>ContextKit:ExternalSignIn:github</c> becomes an OAuth scheme whose claims come from GitHub's user
/// and email APIs (<see cref="GitHubIdentity"/>), under the same scheme, callback and linking rules.
/// </summary>
public static class ExternalSignIn
{
    public const string Section = "ContextKit:ExternalSignIn";
    public const string ExternalCookie = "contextkit-external";
    public const string SchemePrefix = "oidc-";

    public static IReadOnlyDictionary<string, ExternalProviderOptions> EnabledProviders(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren()
            .Select(child => (Name: child.Key.ToLowerInvariant(), Options: child.Get<ExternalProviderOptions>() ?? new()))
            .Where(p => p.Options.Enabled)
            .ToDictionary(p => p.Name, p => Resolve(p.Name, p.Options));

    public const string GitHub = "github";

    static ExternalProviderOptions Resolve(string name, ExternalProviderOptions options)
    {
        if (name == GitHub)
        {
            options.DisplayName ??= "GitHub";
            return string.IsNullOrWhiteSpace(options.ClientId)
                ? throw new InvalidOperationException($"{Section}:{name} needs a ClientId.")
                : options;
        }
        options.Authority ??= name switch
        {
            "google" => "https://accounts.google.com",
            "entra" when !string.IsNullOrWhiteSpace(options.Tenant) => $"https://login.microsoftonline.com/{options.Tenant}/v2.0",
            _ => null,
        };
        options.DisplayName ??= name switch { "google" => "Google", "entra" => "Microsoft Entra ID", _ => name };
        if (string.IsNullOrWhiteSpace(options.Authority) || !Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"{Section}:{name} needs an https Authority (or, for Entra ID, a Tenant).");
        if (string.IsNullOrWhiteSpace(options.ClientId))
            throw new InvalidOperationException($"{Section}:{name} needs a ClientId.");
        return options;
    }

    public static AuthenticationBuilder AddContextKitExternalSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var providers = EnabledProviders(configuration);
        if (providers.Count == 0)
            return authentication;
        authentication.AddCookie(ExternalCookie, options =>
        {
            options.Cookie.Name = ExternalCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        foreach (var (name, provider) in providers.Where(p => p.Key != GitHub))
            authentication.AddOpenIdConnect(SchemePrefix + name, provider.DisplayName, options =>
            {
                options.Authority = provider.Authority;
                options.ClientId = provider.ClientId;
                options.ClientSecret = provider.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.CallbackPath = "/signin-oidc-" + name;
                options.SignInScheme = ExternalCookie;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.SaveTokens = false;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email" })
                    options.Scope.Add(scope);
            });
        if (providers.TryGetValue(GitHub, out var github))
            authentication.AddOAuth(SchemePrefix + GitHub, github.DisplayName ?? "GitHub", options =>
            {
                options.ClientId = github.ClientId!;
                options.ClientSecret = github.ClientSecret ?? "";
                options.AuthorizationEndpoint = GitHubIdentity.AuthorizationEndpoint;
                options.TokenEndpoint = GitHubIdentity.TokenEndpoint;
                options.UserInformationEndpoint = GitHubIdentity.UserEndpoint;
                options.CallbackPath = "/signin-oidc-" + GitHub;
                options.SignInScheme = ExternalCookie;
                options.UsePkce = true;
                options.SaveTokens = false;
                options.Scope.Add("read:user");
                options.Scope.Add("user:email");
                options.Events.OnCreatingTicket = GitHubIdentity.AddClaims;
            });
        return authentication;
    }

    /// <summary>What the provider's claims say about the person (Entra ID marks verified addresses with <c>xms_edov</c>).</summary>
    public static Accounts.ExternalIdentity IdentityOf(string provider, ClaimsPrincipal external) => new(
        provider,
        external.FindFirstValue("sub") ?? external.FindFirstValue("oid") ?? "",
        external.FindFirstValue("email"),
        external.FindFirstValue("email_verified") is { } verified ? bool.TryParse(verified, out var v) && v : external.FindFirstValue("xms_edov") == "true",
        external.FindFirstValue("name"));
}
