using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace ContextKit.Api.Security;

/// <summary>
/// Response headers that keep the browser on our side: no MIME sniffing, no framing, no referrer leaks, a
/// content security policy the Blazor app works under (scripts and connections only to this origin; inline
/// styles because the component library sets them), and HSTS outside development.
/// </summary>
public static class SecurityHeaders
{
    const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static WebApplication UseContextKitSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["X-Content-Type-Options"] = "nosniff";
                headers["X-Frame-Options"] = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // The API reference page (a third-party viewer of our OpenAPI document) starts itself with an inline script.
                if (!context.Request.Path.StartsWithSegments("/api/reference"))
                    headers.ContentSecurityPolicy = Policy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
