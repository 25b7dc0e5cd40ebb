using ContextKit.Api.Endpoints;
using ContextKit.Api.Security;
using ContextKit.Web.Account;
using ContextKit.Web.Components;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor;
using MudBlazor.Services;

namespace ContextKit.Web;

/// <summary>Wires the MudBlazor Server UI into the host.</summary>
public static class WebExtensions
{
    public static IHostApplicationBuilder AddContextKitWeb(this IHostApplicationBuilder builder)
    {
        // The editor sends the whole text of a file with each change, so the circuit must accept messages as
        // large as the largest file a user may save (JSON escaping can double it), not SignalR's 32 KB default.
        var limits = builder.Configuration.GetSection("ContextKit:Limits").Get<ApiLimits>() ?? new ApiLimits();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 2 * limits.MaxFileBytes + 64 * 1024);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = false;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });

        // Scoped: one per circuit, so each knows whose session it serves.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<UiAudit>();
        builder.Services.AddScoped<AccountTokensService>();
        builder.Services.AddScoped<RepositoryService>();
        builder.Services.AddScoped<WorkspaceService>();
        builder.Services.AddScoped<BranchService>();
        builder.Services.AddScoped<RemoteService>();
        builder.Services.AddScoped<EntityService>();
        builder.Services.AddScoped<ContextEngineService>();
        builder.Services.AddScoped<PullRequestService>();
        builder.Services.AddScoped<CollaborationService>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PresenceCircuitHandler>();
        return builder;
    }

    public static WebApplication MapContextKitWeb(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowPublicAccess();
        app.MapAccountEndpoints();
        // Pages are public routes: each page that needs a user says so ([Authorize]), and every action on a page goes
        // through the services, which check the repository role through RepositoryAccess on each call.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowPublicAccess();
        return app;
    }
}
