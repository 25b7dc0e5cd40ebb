using System.Text.Json;
using ContextKit.Cluster.Tests.Infrastructure;

namespace ContextKit.Cluster.Tests.Storage;

[Collection(ClusterCollection.Name)]
public sealed class GrainStateTests(Services services)
{
    [Theory]
    [InlineData("Files")]
    [InlineData("AzureTable")]
    [InlineData("AzureBlob")]
    [InlineData("AdoNet")]
    public async Task Grain_state_survives_a_restart_of_the_whole_cluster(string grainState)
    {
        await using var cluster = await TestCluster.Create(services.Postgres, grainState, azureStorage: services.Azurite.ConnectionString);
        await cluster.StartNodes(2);
        var (email, alice) = await ProductClient.SignUp(cluster.Nodes[0].Url);
        string repository;
        string eventsBefore;
        using (alice)
        {
            repository = await alice.CreateRepository("Restart proof");
            await alice.CreateFile(repository, "notes/kept.md", "kept\n");
            eventsBefore = await (await alice.Get($"/api/repos/{repository}/events?since=0")).Content.ReadAsStringAsync();
        }

        // Every node goes; a fresh one starts with nothing in memory.
        await cluster.StopAll();
        await cluster.StartNodes(1);

        // The account (user grain), the repository record and its change feed come back from the store.
        using var again = await ProductClient.SignIn(cluster.Nodes[0].Url, email);
        using var details = JsonDocument.Parse(await (await again.Get($"/api/repos/{repository}")).Content.ReadAsStringAsync());
        Assert.Equal("Restart proof", details.RootElement.GetProperty("name").GetString());
        Assert.Equal("kept\n", await again.ReadFile(repository, "notes/kept.md"));
        var eventsAfter = await (await again.Get($"/api/repos/{repository}/events?since=0")).Content.ReadAsStringAsync();
        Assert.Equal(eventsBefore, eventsAfter);
    }
}
