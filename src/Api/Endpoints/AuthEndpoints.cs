using System.Security.Claims;
using ContextKit.Api.Accounts;
using ContextKit.Api.Auth;
using ContextKit.Api.Errors;
using ContextKit.Api.Security;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextKit.Api.Endpoints;

/// <summary>Accounts for API clients: register, log in, refresh, log out, me (api.md "Accounts").</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts").RequireSignedInAccount();

        auth.MapPost("/register", async (RegisterRequest body, AccountService accounts) =>
        {
            var user = await accounts.Register(body.Email, body.Password, body.DisplayName);
            return Results.Created("/api/auth/me", user);
        }).AllowPublicAccess().RequireRateLimiting(SignInThrottling.Policy).WithSummary("Create an account");

        auth.MapPost("/login", async (LoginRequest body, AccountService accounts, TokenService tokens, IGrainFactory grains) =>
        {
            var user = await accounts.SignIn(body.Email, body.Password);
            if (user is null)
                return Results.Problem(ProblemMapping.Create(StatusCodes.Status401Unauthorized, "wrong-credentials", "The email or password is wrong."));
            return Results.Ok(await IssueTokens(user, tokens, grains));
        }).AllowPublicAccess().RequireRateLimiting(SignInThrottling.Policy).WithSummary("Sign in and receive an access token and a refresh token");

        auth.MapPost("/refresh", async (RefreshRequest body, TokenService tokens, IGrainFactory grains) =>
        {
            var userId = UserIdOf(body.RefreshToken);
            var rotated = userId is null ? null : await grains.GetGrain<IUserGrain>(userId).RotateRefreshToken(body.RefreshToken!);
            if (rotated is null)
                return Results.Problem(ProblemMapping.Create(StatusCodes.Status401Unauthorized, "invalid-refresh-token", "The refresh token is unknown, expired or already used; sign in again."));
            var user = await grains.GetGrain<IUserGrain>(userId!).GetProfile();
            var (access, expires) = tokens.IssueAccessToken(user);
            return Results.Ok(new TokenResponse(access, rotated.Token, expires, user));
        }).AllowPublicAccess().RequireRateLimiting(SignInThrottling.Policy).WithSummary("Trade a refresh token for a new pair; the old refresh token stops working");

        auth.MapPost("/logout", async (LogoutRequest? body, ClaimsPrincipal principal, IGrainFactory grains) =>
        {
            if (body?.RefreshToken is { } token && UserIdOf(token) is { } userId && userId == principal.UserIdOf())
                await grains.GetGrain<IUserGrain>(userId).RevokeRefreshToken(token);
            return Results.NoContent();
        }).WithSummary("Revoke a refresh token");

        auth.MapPost("/password", async (ChangePasswordRequest body, ClaimsPrincipal principal, AccountService accounts, TokenService tokens, IGrainFactory grains) =>
        {
            RequireInteractiveSignIn(principal);
            await accounts.ChangePassword(principal.UserIdOf(), body.CurrentPassword, body.NewPassword);
            // Every other session has ended; this one continues with a fresh pair.
            var user = await grains.GetGrain<IUserGrain>(principal.UserIdOf()).GetProfile();
            return Results.Ok(await IssueTokens(user, tokens, grains));
        }).RequireSignedInAccount(writes: true).RequireRateLimiting(SignInThrottling.Policy)
            .WithSummary("Change your password; every other session (refresh tokens, access tokens, cookies) ends, this one gets new tokens");

        auth.MapGet("/me", async (ClaimsPrincipal principal, IGrainFactory grains) =>
            await grains.GetGrain<IUserGrain>(principal.UserIdOf()).GetProfile())
            .WithSummary("The signed-in account");

        var tokens = auth.MapGroup("/tokens").WithTags("Accounts");

        tokens.MapPost("/", async (CreateTokenRequest body, ClaimsPrincipal principal, IGrainFactory grains) =>
        {
            RequireInteractiveSignIn(principal);
            var created = await grains.GetGrain<IUserGrain>(principal.UserIdOf())
                .CreateAccessToken(body.Name ?? "", body.Scope ?? AccessTokenScopes.Write, body.ExpiresAt);
            return Results.Created($"/api/auth/tokens/{created.Info.Id}", new { id = created.Info.Id, token = created.Token, created.Info.Name, created.Info.Scope, created.Info.ExpiresAt });
        }).WithSummary("Create a personal access token (read or write scope, optional expiry); the token is shown only in this answer")
            .RequireSignedInAccount(writes: true);

        tokens.MapGet("/", async (ClaimsPrincipal principal, IGrainFactory grains) =>
            await grains.GetGrain<IUserGrain>(principal.UserIdOf()).ListAccessTokens())
            .WithSummary("Your personal access tokens (never their secrets), with when each was last used");

        tokens.MapDelete("/{id}", async (string id, ClaimsPrincipal principal, IGrainFactory grains) =>
        {
            RequireInteractiveSignIn(principal);
            await grains.GetGrain<IUserGrain>(principal.UserIdOf()).RevokeAccessToken(id);
            return Results.NoContent();
        }).WithSummary("Revoke a personal access token")
            .RequireSignedInAccount(writes: true);

        return api;
    }

    /// <summary>A leaked token must not be able to mint more tokens or revoke its owner's others.</summary>
    static void RequireInteractiveSignIn(ClaimsPrincipal principal)
    {
        if (principal.IsPersonalAccessToken())
            throw new AccessDeniedException("Personal access tokens cannot manage tokens; sign in to do that.");
    }

    static async Task<TokenResponse> IssueTokens(UserProfile user, TokenService tokens, IGrainFactory grains)
    {
        var (access, expires) = tokens.IssueAccessToken(user);
        var refresh = await grains.GetGrain<IUserGrain>(user.Id).IssueRefreshToken();
        return new TokenResponse(access, refresh.Token, expires, user);
    }

    static string? UserIdOf(string? refreshToken)
    {
        var dot = refreshToken?.IndexOf('.') ?? -1;
        var id = dot > 0 ? refreshToken![..dot] : null;
        return id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower) ? id : null;
    }
}

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record LogoutRequest(string? RefreshToken);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record CreateTokenRequest(string? Name, string? Scope, DateTimeOffset? ExpiresAt);

public sealed record TokenResponse(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, UserProfile User);
