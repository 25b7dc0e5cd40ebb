using ContextKit.Web.Account;
using ContextKit.Web.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;

namespace ContextKit.Web;

/// <summary>Wires the MudBlazor Server UI into the host.</summary>
public static class WebExtensions
{
    public static IHostApplicationBuilder AddContextKitWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication MapContextKitWeb(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymous();
        return app;
    }
}
