namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>One PostgreSQL server and one Azurite for all cluster tests; each cluster gets its own database and cluster id.</summary>
public sealed class Services : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();

    public AzuriteServer Azurite { get; } = new();

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        await Azurite.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Azurite.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<Services>
{
    public const string Name = "cluster";
}
