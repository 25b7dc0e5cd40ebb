using System.Text.Json;
using ContextKit.Cluster.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Cluster.Tests.Clustering;

[Collection(ClusterCollection.Name)]
public sealed class ChangeFeedTests(Services services)
{
    [Theory]
    [InlineData("Memory")]
    [InlineData("AzureQueue")]
    public async Task A_hub_client_on_one_node_receives_a_change_made_through_another(string streams)
    {
        await using var cluster = await TestCluster.Create(services.Postgres, streams: streams, azureStorage: services.Azurite.ConnectionString);
        await cluster.StartNodes(2);
        var (email, alice) = await ProductClient.SignUp(cluster.Nodes[0].Url);
        using var _ = alice;
        var repository = await alice.CreateRepository();
        using var onSecond = await ProductClient.SignIn(cluster.Nodes[1].Url, email);

        await using var hub = onSecond.Hub();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("RepositoryChanged", change =>
        {
            if (change.GetProperty("kind").GetString() == "file.written")
                received.TrySetResult(change);
        });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRepository", repository);

        await alice.CreateFile(repository, "notes/live.md", "# Live\n");
        var change = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(repository, change.GetProperty("repository").GetString());
        Assert.Equal(["notes/live.md"], change.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
    }
}
