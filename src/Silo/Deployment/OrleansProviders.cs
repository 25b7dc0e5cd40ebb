using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace ContextKit.Silo.Deployment;

/// <summary>
/// Applies the run-mode switches of <see cref="DeploymentOptions"/> to a silo: one method per concern,
/// each a plain switch over configuration, so that the same binary runs embedded or clustered.
/// </summary>
public static class OrleansProviders
{
    const string Invariant = "Npgsql";
    const string PubSubStore = "PubSubStore";

    public static ISiloBuilder UseConfiguredClustering(this ISiloBuilder silo, DeploymentOptions options, NodeIdentity node, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = node.SiloName);
        // Probe and vote timings (e.g. ProbeTimeout, NumMissedProbesLimit) are tunable per deployment.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection($"{DeploymentOptions.Section}:Membership"));
        switch (options.Clustering)
        {
            case ClusteringMode.Localhost:
                silo.UseLocalhostClustering(
                    siloPort: options.SiloPort,
                    gatewayPort: options.GatewayPort,
                    primarySiloEndpoint: options.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null,
                    serviceId: options.ServiceId,
                    clusterId: options.ClusterId);
                break;
            case ClusteringMode.AdoNet:
                var connection = RequiredConnection(configuration, DeploymentOptions.PostgresConnection, "AdoNet clustering");
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connection;
                });
                silo.ConfigureEndpoints(node.Address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: node.ListenOnAnyAddress);
                break;
            default:
                throw new InvalidOperationException($"Unknown clustering mode {options.Clustering}.");
        }
        return silo;
    }

    /// <summary>The grain state provider every grain uses, and the stream pub-sub store next to it.</summary>
    public static ISiloBuilder UseConfiguredGrainState(this ISiloBuilder silo, DeploymentOptions options, StorageOptions storage, IConfiguration configuration)
    {
        switch (options.GrainState)
        {
            case GrainStateMode.Files:
                silo.AddFileGrainStorage(GrainsHostingExtensions.StateStorage, storage.Grains);
                // Subscriptions live in memory: the embedded node has nothing else to share them with.
                silo.AddMemoryGrainStorage(PubSubStore);
                return silo;
            case GrainStateMode.AzureTable:
                var tables = RequiredConnection(configuration, DeploymentOptions.AzureStorageConnection, "Azure Table grain state");
                foreach (var name in StateProviders)
                    silo.AddAzureTableGrainStorage(name, o => o.TableServiceClient = new TableServiceClient(tables));
                return silo.UseOrleansSerializerFor<Orleans.Configuration.AzureTableStorageOptions>();
            case GrainStateMode.AzureBlob:
                var blobs = RequiredConnection(configuration, DeploymentOptions.AzureStorageConnection, "Azure Blob grain state");
                foreach (var name in StateProviders)
                    silo.AddAzureBlobGrainStorage(name, o => o.BlobServiceClient = new BlobServiceClient(blobs));
                return silo.UseOrleansSerializerFor<Orleans.Configuration.AzureBlobStorageOptions>();
            case GrainStateMode.AdoNet:
                var postgres = RequiredConnection(configuration, DeploymentOptions.PostgresConnection, "AdoNet grain state");
                foreach (var name in StateProviders)
                    silo.AddAdoNetGrainStorage(name, o =>
                    {
                        o.Invariant = Invariant;
                        o.ConnectionString = postgres;
                    });
                return silo.UseOrleansSerializerFor<Orleans.Configuration.AdoNetGrainStorageOptions>();
            default:
                throw new InvalidOperationException($"Unknown grain state mode {options.GrainState}.");
        }
    }

    public static ISiloBuilder UseConfiguredStreams(this ISiloBuilder silo, DeploymentOptions options, IConfiguration configuration)
    {
        switch (options.Streams)
        {
            case StreamsMode.Memory:
                silo.AddChangeFeedMemoryStreams(TimeSpan.FromMilliseconds(options.StreamPollMilliseconds));
                return silo;
            case StreamsMode.AzureQueue:
                var queues = RequiredConnection(configuration, DeploymentOptions.AzureStorageConnection, "Azure Queue streams");
                silo.AddAzureQueueStreams(ChangeFeedStream.Provider, streams =>
                {
                    streams.ConfigureAzureQueue(queue => queue.Configure(o =>
                    {
                        o.QueueServiceClient = new QueueServiceClient(queues);
                        o.QueueNames = Enumerable.Range(0, 4).Select(i => $"{options.ClusterId}-changes-{i}").ToList();
                    }));
                    streams.ConfigurePullingAgent(agent => agent.Configure(o =>
                        o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(options.StreamPollMilliseconds)));
                });
                return silo;
            default:
                throw new InvalidOperationException($"Unknown streams mode {options.Streams}.");
        }
    }

    static readonly string[] StateProviders = [GrainsHostingExtensions.StateStorage, PubSubStore];

    /// <summary>Grain state is written with the Orleans serializer, as the file store does, not the providers' JSON default.</summary>
    static ISiloBuilder UseOrleansSerializerFor<TOptions>(this ISiloBuilder silo) where TOptions : class, IStorageProviderSerializerOptions
    {
        foreach (var name in StateProviders)
            silo.Services.AddOptions<TOptions>(name).Configure<Serializer>((o, serializer) =>
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo;
    }

    static string RequiredConnection(IConfiguration configuration, string name, string purpose) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value ? value
            : throw new InvalidOperationException(
                $"{purpose} needs the connection string ConnectionStrings:{name} (environment: ConnectionStrings__{name}).");
}
