using ContextKit.Api.Accounts;
using ContextKit.Api.Auth;
using ContextKit.Api.Security;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContextKit.Web.Account;

/// <summary>
/// The UI's sign-up, sign-in and sign-out: plain form posts (with antiforgery tokens) that set or clear
/// the authentication cookie, because an interactive Blazor circuit cannot set cookies itself.
/// </summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription().AddEndpointFilter<AccessPolicyFilter>();

        account.MapPost("/signin", async ([FromForm] SignInForm form, HttpContext http, AccountService accounts) =>
        {
            var user = await accounts.SignIn(form.Email, form.Password);
            if (user is null)
                return Results.Redirect(WithQuery("/signin", ("error", "The email or password is wrong."), ("email", form.Email), ("returnUrl", form.ReturnUrl)));
            await SignIn(http, user);
            return Results.LocalRedirect(SafeReturn(form.ReturnUrl));
        }).AllowPublicAccess().RequireRateLimiting(SignInThrottling.Policy);

        account.MapPost("/register", async ([FromForm] RegisterForm form, HttpContext http, AccountService accounts) =>
        {
            try
            {
                var user = await accounts.Register(form.Email, form.Password, form.DisplayName);
                await SignIn(http, user);
                return Results.LocalRedirect(SafeReturn(form.ReturnUrl));
            }
            catch (Exception e) when (e is BadRequestException or ConflictException)
            {
                return Results.Redirect(WithQuery("/register", ("error", e.Message), ("email", form.Email), ("name", form.DisplayName), ("returnUrl", form.ReturnUrl)));
            }
        }).AllowPublicAccess().RequireRateLimiting(SignInThrottling.Policy);

        account.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            // Nothing is bound from the form, so the framework would not check the token by itself: a page
            // elsewhere must not be able to sign people out.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.LocalRedirect("/");
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        }).RequireSignedInAccount();

        account.MapGet("/external/{provider}", (string provider, string? returnUrl, HttpContext http, IConfiguration configuration) =>
            ExternalSignIn.EnabledProviders(configuration).ContainsKey(provider)
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = $"/account/external/{provider}/callback?returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}" },
                    [ExternalSignIn.SchemePrefix + provider])
                : Results.NotFound()).AllowPublicAccess();

        account.MapGet("/external/{provider}/callback", async (string provider, string? returnUrl, HttpContext http, ExternalAccountLinker linker) =>
        {
            var external = await http.AuthenticateAsync(ExternalSignIn.ExternalCookie);
            if (!external.Succeeded)
                return Results.Redirect(WithQuery("/signin", ("error", "The sign-in with the provider did not complete; try again.")));
            var user = await linker.SignIn(ExternalSignIn.IdentityOf(provider, external.Principal!));
            await http.SignOutAsync(ExternalSignIn.ExternalCookie);
            await SignIn(http, user);
            return Results.LocalRedirect(SafeReturn(returnUrl));
        }).AllowPublicAccess();

        account.MapPost("/password", async ([FromForm] ChangePasswordForm form, HttpContext http, AccountService accounts, IGrainFactory grains) =>
        {
            var userId = http.User.UserIdOf();
            try
            {
                await accounts.ChangePassword(userId, form.CurrentPassword, form.NewPassword);
            }
            catch (BadRequestException e)
            {
                return Results.Redirect(WithQuery("/account", ("error", e.Message)));
            }
            // Every other session ended; this browser stays signed in with a new cookie.
            await SignIn(http, await grains.GetGrain<IUserGrain>(userId).GetProfile());
            return Results.Redirect(WithQuery("/account", ("message", "Your password was changed; your other sessions were signed out.")));
        }).RequireSignedInAccount(writes: true).RequireRateLimiting(SignInThrottling.Policy);

        return app;
    }

    static Task SignIn(HttpContext http, UserProfile user) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ContextKitClaims.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme, http.RequestServices.GetRequiredService<TimeProvider>()),
            new AuthenticationProperties { IsPersistent = true });

    /// <summary>Only local paths, so a crafted link cannot bounce a fresh sign-in to another site.</summary>
    static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    /// <summary>A page with the given query values, leaving out empty ones (so the form shows what the person typed).</summary>
    static string WithQuery(string page, params (string Name, string? Value)[] values) =>
        page + "?" + string.Join('&', values.Where(v => !string.IsNullOrEmpty(v.Value))
            .Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}"));

    public sealed record SignInForm(string? Email, string? Password, string? ReturnUrl);

    public sealed record ChangePasswordForm(string? CurrentPassword, string? NewPassword);

    public sealed record RegisterForm(string? Email, string? Password, string? DisplayName, string? ReturnUrl);
}
