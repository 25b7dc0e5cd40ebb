using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ContextKit.Grains.Hosting;
using ContextKit.Silo.Deployment;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContextKit.Silo.Observability;

/// <summary>
/// Part of readiness: the stores this node's configuration depends on answer — PostgreSQL when membership or
/// grain state live there, Azure Table or Blob storage when grain state lives there, the grain folder in the
/// embedded mode. Each probe is bounded by a short timeout; the reason names the store, never its address.
/// </summary>
public sealed class StorageReachabilityCheck(DeploymentOptions deployment, IConfiguration configuration, IOptions<StorageOptions> storage) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    readonly Lazy<TableServiceClient> tables = new(() => new TableServiceClient(configuration.GetConnectionString(DeploymentOptions.AzureStorageConnection)));
    readonly Lazy<BlobServiceClient> blobs = new(() => new BlobServiceClient(configuration.GetConnectionString(DeploymentOptions.AzureStorageConnection)));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var store = "";
        try
        {
            if (deployment.Clustering == ClusteringMode.AdoNet || deployment.GrainState == GrainStateMode.AdoNet)
            {
                store = "PostgreSQL";
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString(DeploymentOptions.PostgresConnection));
                await connection.OpenAsync(timeout.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timeout.Token);
            }
            switch (deployment.GrainState)
            {
                case GrainStateMode.AzureTable:
                    store = "Azure Table storage";
                    await tables.Value.GetPropertiesAsync(timeout.Token);
                    break;
                case GrainStateMode.AzureBlob:
                    store = "Azure Blob storage";
                    await blobs.Value.GetPropertiesAsync(cancellationToken: timeout.Token);
                    break;
                case GrainStateMode.Files:
                    store = "the grain state folder";
                    Directory.CreateDirectory(storage.Value.Grains);
                    break;
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"{store} is not reachable.");
        }
    }
}
