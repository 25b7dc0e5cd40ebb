using ContextKit.Cluster.Tests.Infrastructure;
using Npgsql;

namespace ContextKit.Cluster.Tests.Clustering;

[Collection(ClusterCollection.Name)]
public sealed class MembershipTests(Services services)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Nodes_started_with_the_same_database_form_one_cluster(int count)
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        await cluster.StartNodes(count);

        var members = await ActiveMembers(cluster);
        Assert.Equal(cluster.Nodes.Select(n => (n.Name, n.SiloPort)).OrderBy(m => m.Name), members.OrderBy(m => m.Name));
        // Each node's own view agrees: ready means an active member.
        foreach (var node in cluster.Nodes)
        {
            using var http = new HttpClient { BaseAddress = node.Url };
            Assert.True((await http.GetAsync("/health/ready")).IsSuccessStatusCode, node.Name);
        }
    }

    [Fact]
    public async Task A_grain_activated_on_one_node_answers_through_another()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        var first = await cluster.StartNode();
        // With one node, every grain of this account and repository is activated on it.
        var (email, alice) = await ProductClient.SignUp(first.Url);
        using var _ = alice;
        var repository = await alice.CreateRepository();
        await alice.CreateFile(repository, "notes/first.md", "written on node 1\n");

        var second = await cluster.StartNode();
        using var throughSecond = await ProductClient.SignIn(second.Url, email);

        Assert.Equal("written on node 1\n", await throughSecond.ReadFile(repository, "notes/first.md"));
        await throughSecond.CreateFile(repository, "notes/second.md", "written through node 2\n");
        Assert.Equal("written through node 2\n", await alice.ReadFile(repository, "notes/second.md"));
    }

    internal static async Task<List<(string Name, int Port)>> ActiveMembers(TestCluster cluster)
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
