using System.Net;
using System.Security.Claims;
using ContextKit.Api.Accounts;
using ContextKit.Api.Auth;
using ContextKit.Api.Tests.Fixtures;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextKit.Api.Tests.Accounts;

/// <summary>OpenID Connect sign-in: its configuration (no provider is reachable here) and the account-linking rules.</summary>
[Collection(ProductCollection.Name)]
public class ExternalSignInTests(ProductFixture product)
{
    [Fact]
    public async Task External_sign_in_is_off_unless_configured()
    {
        var schemes = await product.Factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();

        Assert.DoesNotContain(schemes, s => s.Name.StartsWith(ExternalSignIn.SchemePrefix, StringComparison.Ordinal) || s.Name == ExternalSignIn.ExternalCookie);
        var client = product.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account/external/google")).StatusCode);
    }

    [Fact]
    public async Task A_configured_provider_becomes_an_authorization_code_flow_with_pkce_and_its_own_callback()
    {
        await using var factory = new ContextKitFactory(settings: new Dictionary<string, string>
        {
            ["ContextKit:ExternalSignIn:google:Enabled"] = "true",
            ["ContextKit:ExternalSignIn:google:ClientId"] = "ck-client",
            ["ContextKit:ExternalSignIn:google:ClientSecret"] = "ck-secret",
            ["ContextKit:ExternalSignIn:entra:Enabled"] = "true",
            ["ContextKit:ExternalSignIn:entra:Tenant"] = "contoso.onmicrosoft.com",
            ["ContextKit:ExternalSignIn:entra:ClientId"] = "entra-client",
            ["ContextKit:ExternalSignIn:github:Enabled"] = "false",
        });
        factory.CreateClient().Dispose();
        var schemes = (await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync()).Select(s => s.Name).ToList();
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>();
        var google = options.Get("oidc-google");
        var entra = options.Get("oidc-entra");

        Assert.Contains("oidc-google", schemes);
        Assert.Contains("oidc-entra", schemes);
        Assert.DoesNotContain("oidc-github", schemes);
        Assert.Equal("https://accounts.google.com", google.Authority);
        Assert.Equal("ck-client", google.ClientId);
        Assert.Equal("code", google.ResponseType);
        Assert.True(google.UsePkce);
        Assert.Equal("/signin-oidc-google", google.CallbackPath.Value);
        Assert.Equal(ExternalSignIn.ExternalCookie, google.SignInScheme);
        Assert.Equal(["openid", "profile", "email"], google.Scope);
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0", entra.Authority);

        // The sign-in page offers each enabled provider, and only those.
        var page = await factory.CreateClient().GetStringAsync("/signin?returnUrl=%2Frepos");
        Assert.Contains("href=\"/account/external/google?returnUrl=%2Frepos\"", page);
        Assert.Contains("Sign in with Google", page);
        Assert.Contains("Sign in with Microsoft Entra ID", page);
        Assert.DoesNotContain("/account/external/github", page);
    }

    [Fact]
    public async Task GitHub_becomes_an_oauth_scheme_with_the_same_callback_shape_and_a_button()
    {
        await using var factory = new ContextKitFactory(settings: new Dictionary<string, string>
        {
            ["ContextKit:ExternalSignIn:github:Enabled"] = "true",
            ["ContextKit:ExternalSignIn:github:ClientId"] = "gh-client",
            ["ContextKit:ExternalSignIn:github:ClientSecret"] = "gh-secret",
        });
        factory.CreateClient().Dispose();
        var github = factory.Services.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions>>().Get("oidc-github");

        Assert.Equal(GitHubIdentity.AuthorizationEndpoint, github.AuthorizationEndpoint);
        Assert.Equal(GitHubIdentity.TokenEndpoint, github.TokenEndpoint);
        Assert.Equal("/signin-oidc-github", github.CallbackPath.Value);
        Assert.Equal(ExternalSignIn.ExternalCookie, github.SignInScheme);
        Assert.True(github.UsePkce);
        Assert.Contains("user:email", github.Scope);
        Assert.Contains("Sign in with GitHub", await factory.CreateClient().GetStringAsync("/signin"));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void GitHub_claims_take_the_primary_address_only_as_verified_as_GitHub_says(bool verified, bool expected)
    {
        using var user = System.Text.Json.JsonDocument.Parse("""{"id": 583231, "login": "octocat", "name": null}""");
        using var emails = System.Text.Json.JsonDocument.Parse($$"""
            [{"email": "other@example.com", "primary": false, "verified": true},
             {"email": "octo@example.com", "primary": true, "verified": {{(verified ? "true" : "false")}}}]
            """);

        var identity = ExternalSignIn.IdentityOf("github", new ClaimsPrincipal(new ClaimsIdentity(GitHubIdentity.ClaimsOf(user.RootElement, emails.RootElement), "github")));

        Assert.Equal("583231", identity.Subject);
        Assert.Equal("octo@example.com", identity.Email);
        Assert.Equal(expected, identity.EmailVerified);
        Assert.Equal("octocat", identity.DisplayName);
    }

    [Fact]
    public void GitHub_claims_without_a_primary_address_carry_no_email()
    {
        using var user = System.Text.Json.JsonDocument.Parse("""{"id": 7, "login": "ghost"}""");
        using var emails = System.Text.Json.JsonDocument.Parse("""[{"email": "x@example.com", "primary": false, "verified": true}]""");

        var claims = GitHubIdentity.ClaimsOf(user.RootElement, emails.RootElement);

        Assert.DoesNotContain(claims, c => c.Type is "email" or "email_verified");
        Assert.Equal("7", Assert.Single(claims, c => c.Type == "sub").Value);
    }

    [Theory]
    [InlineData("google", null, null, "needs a ClientId")]
    [InlineData("entra", "client", null, "needs an https Authority")]
    [InlineData("custom", "client", "http://insecure.example", "needs an https Authority")]
    public void A_half_configured_provider_stops_start_up_with_a_message(string name, string? clientId, string? authority, string message)
    {
        var settings = new Dictionary<string, string?> { [$"ContextKit:ExternalSignIn:{name}:Enabled"] = "true", [$"ContextKit:ExternalSignIn:{name}:ClientId"] = clientId,
            [$"ContextKit:ExternalSignIn:{name}:Authority"] = authority };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Assert.Contains(message, Assert.Throws<InvalidOperationException>(() => ExternalSignIn.EnabledProviders(configuration)).Message);
    }

    ExternalAccountLinker Linker => product.Factory.Services.GetRequiredService<ExternalAccountLinker>();

    IGrainFactory Grains => product.Factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_verified_email_links_to_the_existing_account_and_later_sign_ins_find_it()
    {
        var user = await product.Factory.SignUp();
        var subject = Guid.NewGuid().ToString("N");

        var first = await Linker.SignIn(new ExternalIdentity("google", subject, user.Email.ToUpperInvariant(), EmailVerified: true, "Someone"));
        var again = await Linker.SignIn(new ExternalIdentity("google", subject, "changed@example.com", EmailVerified: true, "Someone"));

        Assert.Equal(user.Tokens.User.Id, first.Id);
        Assert.Equal(user.Tokens.User.Id, again.Id);
        await ContextKitFactory.SignIn(product.Factory.CreateClient(), user.Email, user.Password);
    }

    [Fact]
    public async Task An_unverified_email_never_takes_over_the_account_that_owns_it()
    {
        var victim = await product.Factory.SignUp();

        var intruder = await Linker.SignIn(new ExternalIdentity("entra", Guid.NewGuid().ToString("N"), victim.Email, EmailVerified: false, "Intruder"));

        Assert.NotEqual(victim.Tokens.User.Id, intruder.Id);
        Assert.Equal(victim.Tokens.User.Id, await Grains.GetGrain<IUserDirectoryGrain>(victim.Email).Lookup());
        await ContextKitFactory.SignIn(product.Factory.CreateClient(), victim.Email, victim.Password);
    }

    [Fact]
    public async Task A_new_verified_email_gets_a_new_account_that_invitations_find_and_no_password_opens()
    {
        var email = $"ext{Guid.NewGuid():N}"[..12] + "@example.com";
        var owner = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        var invited = await owner.Http.PutAsync($"/api/repos/{repo}/members/{email}", System.Net.Http.Json.JsonContent.Create(new { role = "viewer" }));
        invited.EnsureSuccessStatusCode();

        var created = await Linker.SignIn(new ExternalIdentity("google", Guid.NewGuid().ToString("N"), email, EmailVerified: true, "Newcomer"));

        Assert.Equal(email, created.Email);
        Assert.Equal(created.Id, await Grains.GetGrain<IUserDirectoryGrain>(email).Lookup());
        Assert.Contains(repo, await Grains.GetGrain<IUserGrain>(created.Id).GetRepositories());
    }

    [Fact]
    public void Provider_claims_are_read_for_subject_email_and_verification()
    {
        static ClaimsPrincipal With(params (string Type, string Value)[] claims) => new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

        var google = ExternalSignIn.IdentityOf("google", With(("sub", "s1"), ("email", "a@example.com"), ("email_verified", "true"), ("name", "A")));
        var unverified = ExternalSignIn.IdentityOf("google", With(("sub", "s2"), ("email", "b@example.com"), ("email_verified", "false")));
        var entra = ExternalSignIn.IdentityOf("entra", With(("oid", "o1"), ("email", "c@example.com"), ("xms_edov", "true")));
        var silent = ExternalSignIn.IdentityOf("entra", With(("sub", "s3"), ("email", "d@example.com")));

        Assert.Equal(new ExternalIdentity("google", "s1", "a@example.com", true, "A"), google);
        Assert.False(unverified.EmailVerified);
        Assert.Equal(("o1", true), (entra.Subject, entra.EmailVerified));
        Assert.False(silent.EmailVerified);
    }
}
