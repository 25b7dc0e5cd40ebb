using ContextKit.Cluster.Tests.Infrastructure;
using Npgsql;

namespace ContextKit.Cluster.Tests.Clustering;

[Collection(ClusterCollection.Name)]
public sealed class MembershipTests(Services services)
{
    [Fact]
    public async Task Nodes_join_one_cluster_and_a_grain_activated_on_one_node_answers_through_the_others()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        // With one node, every grain of this account and repository is activated on it.
        using var seeded = await Seeded.OnFirstNode(cluster);
        var (email, alice, repository) = (seeded.Email, seeded.Client, seeded.Repository);

        var second = await cluster.StartNode();
        await AssertMembersAre(cluster);
        using var throughSecond = await ProductClient.SignIn(second.Url, email);
        Assert.Equal(Seeded.Text, await throughSecond.ReadFile(repository, Seeded.File));
        await throughSecond.CreateFile(repository, "notes/second.md", "written through node 2\n");
        Assert.Equal("written through node 2\n", await alice.ReadFile(repository, "notes/second.md"));

        var third = await cluster.StartNode();
        await AssertMembersAre(cluster);
        using var throughThird = await ProductClient.SignIn(third.Url, email);
        Assert.Equal("written through node 2\n", await throughThird.ReadFile(repository, "notes/second.md"));
    }

    /// <summary>The membership table lists exactly the started nodes as active, and each node says it is ready.</summary>
    static async Task AssertMembersAre(TestCluster cluster)
    {
        var expected = cluster.Nodes.Select(n => (n.Name, n.SiloPort)).OrderBy(m => m.Name).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        List<(string Name, int Port)> members;
        // A joining node is written as active before the others have read the table; give them a refresh.
        while (!(members = await ActiveMembers(cluster)).OrderBy(m => m.Name).SequenceEqual(expected) && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(expected, members.OrderBy(m => m.Name));
        foreach (var node in cluster.Nodes)
        {
            using var http = new HttpClient { BaseAddress = node.Url };
            Assert.True((await http.GetAsync("/health/ready")).IsSuccessStatusCode, node.Name);
        }
    }

    static async Task<List<(string Name, int Port)>> ActiveMembers(TestCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo_name, port FROM orleans_membership WHERE status = 3", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new List<(string, int)>();
        while (await reader.ReadAsync())
            members.Add((reader.GetString(0), reader.GetInt32(1)));
        return members;
    }
}
