using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContextKit.Cluster.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Cluster.Tests.Observability;

[Collection(ClusterCollection.Name)]
public sealed class ObservabilityTests(Services services)
{
    const string Owner = "owner@example.com";

    [Fact]
    public async Task A_node_exports_metrics_logs_trace_ids_and_shows_the_dashboard_to_deployment_owners_only()
    {
        await using var cluster = await TestCluster.Create(services.Postgres, extra: new Dictionary<string, string?>
        {
            ["ContextKit__Operations__AdminEmails"] = $"someone@example.com, {Owner}",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            ["Logging__Console__FormatterName"] = "json",
        });
        var node = await cluster.StartNode();
        using var anonymous = new HttpClient { BaseAddress = node.Url };
        using var _ = await Register(anonymous, Owner);
        using var owner = await ProductClient.SignIn(node.Url, Owner);
        var (__, stranger) = await ProductClient.SignUp(node.Url);
        using var ___ = stranger;

        // Work that every exported meter sees: HTTP, grain calls, git, a hub connection and a change-feed event.
        var repository = await owner.CreateRepository();
        await using var hub = owner.Hub();
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("RepositoryChanged", _ => delivered.TrySetResult());
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRepository", repository);
        await owner.CreateFile(repository, "notes/metered.md", "metered\n");
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var metrics = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        foreach (var name in new[]
                 {
                     "http_server_request_duration_seconds_bucket", "orleans_app_requests_latency_milliseconds_bucket",
                     "contextkit_git_operation_duration_seconds_bucket", "contextkit_changefeed_lag_seconds_bucket",
                     "signalr_server_active_connections", "orleans_catalog_activations",
                 })
            Assert.Contains(name, text);
        // Counters and route templates only: no settings, secrets, people or file paths.
        foreach (var secret in new[] { "Host=", "Username=", "AccountKey", Owner, "metered.md", repository })
            Assert.DoesNotContain(secret, text);

        // A caller's trace id is carried into the node's log lines.
        var traceId = Guid.NewGuid().ToString("N");
        using (var traced = new HttpRequestMessage(HttpMethod.Get, "/health/live"))
        {
            traced.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
            (await anonymous.SendAsync(traced)).EnsureSuccessStatusCode();
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!node.Process.Output.Contains(traceId) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Contains($"\"TraceId\":\"{traceId}\"", node.Process.Output);

        // The Orleans dashboard: deployment owners only.
        Assert.Equal(HttpStatusCode.OK, (await owner.Get("/ops/dashboard/DashboardCounters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Get("/ops/dashboard/DashboardCounters")).StatusCode);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.Url };
        Assert.NotEqual(HttpStatusCode.OK, (await noRedirects.GetAsync("/ops/dashboard/DashboardCounters")).StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_while_the_grain_state_store_is_unreachable()
    {
        var azurite = new AzuriteServer();
        await azurite.InitializeAsync();
        await using var cluster = await TestCluster.Create(services.Postgres, "AzureBlob", azureStorage: azurite.ConnectionString);
        var node = await cluster.StartNode();
        using var http = new HttpClient { BaseAddress = node.Url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await azurite.DisposeAsync();

        var status = HttpStatusCode.OK;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            status = (await http.GetAsync("/health/ready")).StatusCode;
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode); // alive: no restart, just no traffic
    }

    static async Task<IDisposable> Register(HttpClient anonymous, string email)
    {
        var response = await anonymous.PostAsync("/api/auth/register", new StringContent(
            JsonSerializer.Serialize(new { email, password = ProductClient.Password, displayName = "Owner" }), new MediaTypeHeaderValue("application/json")));
        await ProductClient.Ensure(response, "registering the owner");
        return response;
    }
}
