namespace ContextKit.Silo.Deployment;

/// <summary>Where cluster membership lives.</summary>
public enum ClusteringMode
{
    /// <summary>One machine: silos find each other on loopback (the embedded default).</summary>
    Localhost,

    /// <summary>A membership table in PostgreSQL (the schema of <c>deploy/sql</c>).</summary>
    AdoNet,
}

/// <summary>Where grain state lives.</summary>
public enum GrainStateMode
{
    /// <summary>Checksummed files under the data folder (the embedded default).</summary>
    Files,

    /// <summary>Azure Table storage (or Azurite).</summary>
    AzureTable,

    /// <summary>Azure Blob storage (or Azurite).</summary>
    AzureBlob,

    /// <summary>A PostgreSQL table (the schema of <c>deploy/sql</c>).</summary>
    AdoNet,
}

/// <summary>How the change feed travels between silos.</summary>
public enum StreamsMode
{
    /// <summary>In-memory queues inside the cluster; events are hints, clients catch up from the feed.</summary>
    Memory,

    /// <summary>Azure Storage queues (or Azurite).</summary>
    AzureQueue,
}

/// <summary>
/// The run-mode switches of a node, all from configuration (<c>ContextKit:Orleans:*</c>, or
/// <c>ContextKit__Orleans__*</c> in the environment). The defaults are the embedded single node.
/// </summary>
public sealed class DeploymentOptions
{
    public const string Section = "ContextKit:Orleans";

    /// <summary>The PostgreSQL connection string (<c>ConnectionStrings:Orleans</c>).</summary>
    public const string PostgresConnection = "Orleans";

    /// <summary>The Azure Storage connection string (<c>ConnectionStrings:AzureStorage</c>).</summary>
    public const string AzureStorageConnection = "AzureStorage";

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    public GrainStateMode GrainState { get; set; } = GrainStateMode.Files;

    public StreamsMode Streams { get; set; } = StreamsMode.Memory;

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering only: the silo port of the node a second node on this machine joins.</summary>
    public int? PrimarySiloPort { get; set; }

    public string ClusterId { get; set; } = "contextkit";

    public string ServiceId { get; set; } = "contextkit";

    public int StreamPollMilliseconds { get; set; } = 20;

    /// <summary>The address other silos reach this one at; else <c>POD_IP</c>, else loopback.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>This silo's name in the membership table; else <c>POD_NAME</c>, else the machine name.</summary>
    public string? SiloName { get; set; }
}
