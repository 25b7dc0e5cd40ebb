using ContextKit.Api.Accounts;
using ContextKit.Api.Auth;
using ContextKit.Api.ChangeFeed;
using ContextKit.Api.Endpoints;
using ContextKit.Api.Errors;
using ContextKit.Api.Health;
using ContextKit.Api.Hubs;
using ContextKit.Api.Repositories;
using ContextKit.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace ContextKit.Api;

/// <summary>Wires the REST API, authentication, the hub and health endpoints into the host.</summary>
public static class ApiExtensions
{
    /// <summary>The authentication scheme that picks the bearer token or the cookie, whichever the request carries.</summary>
    public const string Scheme = "ContextKit";

    public static IHostApplicationBuilder AddContextKitApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SessionValidation>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ExternalAccountLinker>();
        services.AddSingleton<RepositoryAccess>();
        services.AddSingleton<ContextKit.Api.Audit.AuditTrail>();
        services.AddSingleton<RepositoryCatalog>();
        services.AddSingleton<ContextKit.Api.Entities.EntityAuthoring>();
        services.AddSingleton<ChangeFeedListener>();
        services.AddHostedService<ChangeFeedWatchdog>();
        services.AddSingleton<HubGroupForwarder>();
        services.AddSingleton<ContextKit.Api.PullRequests.PullRequestReviews>();
        services.Configure<ApiLimits>(builder.Configuration.GetSection("ContextKit:Limits"));
        services.Configure<ContextKit.Grains.Imports.ImportLimits>(builder.Configuration.GetSection(ContextKit.Grains.Imports.ImportLimits.Section));

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token, personal access token or cookie", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket requests, so the hub accepts the token in the query.
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments(RepositoryHub.Route)
                            && context.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                    // A password change ends the sessions before it.
                    OnTokenValidated = async context =>
                    {
                        if (!await context.HttpContext.RequestServices.GetRequiredService<SessionValidation>().IsCurrent(context.Principal!))
                            context.Fail("This session ended (the password was changed); sign in again.");
                    },
                };
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "contextkit";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromDays(7);
                // API and hub callers get a status code, never a redirect to an HTML page.
                options.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = async context =>
                {
                    if (context.Principal is null || !await context.HttpContext.RequestServices.GetRequiredService<SessionValidation>().IsCurrent(context.Principal))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });
        new AuthenticationBuilder(services).AddContextKitExternalSignIn(builder.Configuration);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((options, tokens) => options.TokenValidationParameters = tokens.ValidationParameters());
        services.AddAuthorization(options => options.FallbackPolicy = options.DefaultPolicy);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemMapping>();
        services.AddOpenApi();
        services.AddSignInThrottling(builder.Configuration);
        services.AddSignalR(options => options.AddFilter<HubErrorFilter>())
            // Only our hub: Blazor's own circuit hub has methods of its own and no repository policies.
            .AddHubOptions<RepositoryHub>(options => options.AddFilter<HubAccessFilter>());
        services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapContextKitApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseContextKitSecurityHeaders();
        app.UseJsonBodyLimit();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        // The one policy layer: every route below declares an AccessPolicy (see Security/AccessPolicy) and this filter enforces it.
        var api = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<AccessPolicyFilter>();
        api.MapAuthEndpoints()
            .MapRepositoryEndpoints()
            .MapFileEndpoints()
            .MapGitEndpoints()
            .MapMergeEndpoints()
            .MapPullRequestEndpoints()
            .MapRemoteEndpoints()
            .MapChangeFeedEndpoints()
            .MapImportExportEndpoints()
            .MapContextEndpoints()
            .MapAuditEndpoints();
        app.MapHub<RepositoryHub>(RepositoryHub.Route).RequireSignedInAccount();

        app.MapOpenApi().AllowPublicAccess();
        app.MapScalarApiReference("/api/reference", options => options.WithTitle("Context Kit API")).AllowPublicAccess();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowPublicAccess();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowPublicAccess();
        return app;
    }

    static string SelectScheme(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
            return PersonalAccessTokenHandler.IsPersonalToken(authorization[7..].Trim()) ? PersonalAccessTokenHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme;
        if (context.Request.Path.StartsWithSegments(RepositoryHub.Route) && context.Request.Query["access_token"].FirstOrDefault() is { } queryToken)
            return PersonalAccessTokenHandler.IsPersonalToken(queryToken) ? PersonalAccessTokenHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme;
        return CookieAuthenticationDefaults.AuthenticationScheme;
    }

    static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
