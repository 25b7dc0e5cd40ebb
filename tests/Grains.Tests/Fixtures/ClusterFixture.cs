using ContextKit.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ContextKit.Grains.Tests.Fixtures;

/// <summary>
/// Two silos in one process sharing one data folder, with the real file grain storage and memory
/// streams: the embedded default, clustered. Shared by every test in the "cluster" collection.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "ck-grains-" + Guid.NewGuid().ToString("N")[..8]);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The grain factory of one silo, to make calls that enter the cluster there.</summary>
    public IGrainFactory GrainsOnSilo(int index) => Cluster.Silos[index].ServiceProvider.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var dataPath = DataPath;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.Configure<StorageOptions>(options => options.DataPath = dataPath);
            silo.AddContextKitGrains(TimeSpan.FromMilliseconds(10));
            silo.AddFileGrainStorage(GrainsHostingExtensions.StateStorage, Path.Combine(dataPath, "grains"));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddContextKitSerialization();
            client.AddMemoryStreams(Contracts.ChangeFeedStream.Provider);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping silo; the folder is under the temp directory anyway.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
