using ContextKit.Grains.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace ContextKit.Api.Health;

/// <summary>
/// Ready means: this silo is an active member of its cluster, and the repositories' folder can be
/// written. A node that fails either gets no traffic from the load balancer.
/// </summary>
public sealed class ReadinessCheck(IClusterMembershipService membership, ILocalSiloDetails silo, IOptions<StorageOptions> storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (self != SiloStatus.Active)
            return HealthCheckResult.Unhealthy($"The silo is {self.ToString().ToLowerInvariant()}, not active in the cluster.");
        try
        {
            var folder = storage.Value.Repositories;
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".ready-{Environment.ProcessId}");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The repositories folder cannot be written.");
        }
        return HealthCheckResult.Healthy();
    }
}
