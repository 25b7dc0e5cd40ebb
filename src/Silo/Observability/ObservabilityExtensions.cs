using ContextKit.Api.Security;
using ContextKit.Grains.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging.Console;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContextKit.Silo.Observability;

/// <summary>
/// Metrics (OpenTelemetry, scraped by Prometheus on /metrics), traces whose ids are in every log line's
/// scope, storage reachability in readiness, and the Orleans dashboard for deployment owners only.
/// </summary>
public static class ObservabilityExtensions
{
    public const string DashboardPolicy = "deployment-owner";

    /// <summary>The meters exported: ours, HTTP server, Kestrel, SignalR connections, Blazor circuits and Orleans.</summary>
    static readonly string[] Meters =
    [
        ContextKitMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.Orleans",
    ];

    public static WebApplicationBuilder AddContextKitObservability(this WebApplicationBuilder builder)
    {
        var observability = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var operations = builder.Configuration.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();
        builder.Services.AddSingleton(operations);

        // Every log line written during a request or grain call carries its trace and span id in its scopes;
        // the JSON console format (Logging:Console:FormatterName=json, as deployments set it) writes them.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"));
        if (observability.Metrics)
            telemetry.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());

        builder.Services.AddHealthChecks().AddCheck<StorageReachabilityCheck>("storage", tags: ["ready"]);
        builder.Services.AddAuthorizationBuilder().AddPolicy(DashboardPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.FindFirst("email")?.Value is { } email
                                         && operations.Admins.Contains(email.ToLowerInvariant())));
        return builder;
    }

    /// <summary>The dashboard's grains and counters run in the silo only when a deployment owner is configured.</summary>
    public static ISiloBuilder AddConfiguredDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var operations = configuration.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();
        if (operations.DashboardEnabled)
            silo.AddDashboard(o => o.HideTrace = true);
        return silo;
    }

    public static WebApplication MapContextKitObservability(this WebApplication app)
    {
        var observability = app.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        // Open on the pod port for the in-cluster scraper; the ingress and the compose proxy do not route it
        // (docs/deployment.md). It holds counters and route templates, never request data or settings.
        if (observability.Metrics)
            app.MapPrometheusScrapingEndpoint("/metrics").AllowPublicAccess();
        var operations = app.Services.GetRequiredService<OperationsOptions>();
        if (operations.DashboardEnabled)
            app.MapOrleansDashboard(operations.DashboardPath).RequireSignedInAccount().RequireAuthorization(DashboardPolicy);
        return app;
    }
}
