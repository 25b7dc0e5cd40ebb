using ContextKit.Cluster.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace ContextKit.Cluster.Tests.Failover;

[Collection(ClusterCollection.Name)]
public sealed class NodeLossTests(Services services, ITestOutputHelper output)
{
    /// <summary>
    /// The bound for "served again": two missed one-second probes declare the node dead (TestCluster.FastMembership),
    /// then the survivor re-activates the grains; generous for a loaded 2-core machine.
    /// </summary>
    static readonly TimeSpan ServedAgainWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_a_node_under_write_load_loses_no_acknowledged_write_and_its_repository_is_served_again()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        var doomed = await cluster.StartNode();
        var (email, alice) = await ProductClient.SignUp(doomed.Url);
        using var _ = alice;
        // Created while it is the only node: the repository's grains live on the node that will die.
        var repository = await alice.CreateRepository();
        await alice.CreateFile(repository, "notes/before.md", "before\n");
        var survivor = await cluster.StartNode();
        using var throughSurvivor = alice.Through(survivor.Url);

        var alive = new List<ProductClient> { alice, throughSurvivor };
        var load = new WriteLoad(repository, () => { lock (alive) return alive.ToList(); });
        using var stop = new CancellationTokenSource();
        var running = load.Run(stop.Token);

        await WaitForAcknowledged(load, 20);
        await doomed.Process.KillHard();
        var killedAt = load.Now;
        lock (alive)
            alive.Remove(alice);
        cluster.Forget(doomed);

        var deadline = DateTime.UtcNow + ServedAgainWithin + TimeSpan.FromSeconds(15);
        TimeSpan? servedAgainAt = null;
        while (DateTime.UtcNow < deadline && servedAgainAt is null)
        {
            await Task.Delay(100);
            servedAgainAt = load.Successes.Where(s => s.At > killedAt && s.Node == survivor.Url.Authority).Select(s => (TimeSpan?)s.At).Min();
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // keep writing on the survivor a little longer
        await stop.CancelAsync();
        await running;

        Assert.True(servedAgainAt is not null, $"No write succeeded on the survivor after the kill.\n{survivor.Process.Output}");
        var failover = servedAgainAt.Value - killedAt;
        output.WriteLine($"failover: {failover.TotalSeconds:0.0} s from kill -9 to the first acknowledged write through the survivor; " +
                         $"{load.Acknowledged.Count} writes acknowledged, {load.Failures.Count} refused or failed");
        Assert.True(failover < ServedAgainWithin, $"The repository was served again only after {failover.TotalSeconds:0.0} s.");

        // Every acknowledged write is there, read through the survivor.
        foreach (var (path, text) in load.Acknowledged)
            Assert.Equal(text, await throughSurvivor.ReadFile(repository, path));
        Assert.Equal("before\n", await throughSurvivor.ReadFile(repository, "notes/before.md"));
    }

    [Fact]
    public async Task A_graceful_shutdown_drains_without_failing_a_request_on_the_other_node()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        var leaving = await cluster.StartNode();
        var (_, alice) = await ProductClient.SignUp(leaving.Url);
        using var __ = alice;
        var repository = await alice.CreateRepository();
        await alice.CreateFile(repository, "notes/before.md", "before\n");
        var staying = await cluster.StartNode();
        using var throughStaying = alice.Through(staying.Url);

        var load = new WriteLoad(repository, () => [throughStaying]);
        using var stop = new CancellationTokenSource();
        var running = load.Run(stop.Token);
        await WaitForAcknowledged(load, 20);

        var exitCode = await leaving.Process.Terminate(TimeSpan.FromSeconds(60));
        cluster.Forget(leaving);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await running;

        Assert.Equal(0, exitCode);
        Assert.True(load.Failures.IsEmpty, "Writes failed while the other node drained: " +
            string.Join(", ", load.Failures.Select(f => $"{f.Outcome} at {f.At.TotalSeconds:0.0}s")) + $"\n{leaving.Process.Output}");
        foreach (var (path, text) in load.Acknowledged)
            Assert.Equal(text, await throughStaying.ReadFile(repository, path));
        Assert.Equal(6, await MemberStatus(cluster, leaving.Name)); // Dead: it said goodbye instead of being voted out
    }

    static async Task WaitForAcknowledged(WriteLoad load, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (load.Acknowledged.Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Only {load.Acknowledged.Count} writes acknowledged before the failure: " +
                                           string.Join(", ", load.Failures.Take(5).Select(f => f.Outcome)));
            await Task.Delay(50);
        }
    }

    static async Task<int> MemberStatus(TestCluster cluster, string siloName)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM orleans_membership WHERE silo_name = @name ORDER BY start_time DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("name", siloName);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
