using System.Text.Json;
using ContextKit.Cluster.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
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
        // Created while it is the only node: the repository's grains live on the node that will die.
        using var seeded = await Seeded.OnFirstNode(cluster);
        var (doomed, alice, repository) = (seeded.Node, seeded.Client, seeded.Repository);
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
        Assert.Equal(Seeded.Text, await throughSurvivor.ReadFile(repository, Seeded.File));
    }

    [Fact]
    public async Task Killing_the_node_of_a_live_document_loses_no_acknowledged_edit_and_the_session_goes_on_at_its_version()
    {
        // Saving to the working tree is put off for ten minutes: whatever survives the kill survived in grain storage.
        await using var cluster = await TestCluster.Create(services.Postgres,
            extra: new Dictionary<string, string?> { ["ContextKit__LiveDocuments__SaveDelay"] = "00:10:00" });
        using var seeded = await Seeded.OnFirstNode(cluster);
        var (doomed, alice, repository) = (seeded.Node, seeded.Client, seeded.Repository);
        // Opened while that node is alone: the document's grain lives on the node that will die.
        await using (var first = alice.Hub())
        {
            await first.StartAsync();
            await first.InvokeAsync<JsonElement>("OpenDocument", repository, "main", Seeded.File);
            var survivor = await cluster.StartNode();
            using var throughSurvivor = alice.Through(survivor.Url);
            await using var hub = throughSurvivor.Hub();
            await hub.StartAsync();
            var opened = await hub.InvokeAsync<JsonElement>("OpenDocument", repository, "main", Seeded.File);
            var edit = Ops(new { retain = 6 }, new { insert = ", during" }, new { retain = 1 }); // "before\n" → "before, during\n"
            var acknowledged = (await hub.InvokeAsync<JsonElement>("EditDocument", repository, "main", Seeded.File,
                opened.GetProperty("version").GetInt64(), edit)).GetProperty("version").GetInt64();

            await doomed.Process.KillHard();
            cluster.Forget(doomed);

            // Once the survivor has declared the node dead, the document comes back there from grain storage.
            var deadline = DateTime.UtcNow + ServedAgainWithin + TimeSpan.FromSeconds(15);
            JsonElement? reopened = null;
            var attempts = new List<string>();
            while (reopened is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    reopened = await hub.InvokeAsync<JsonElement>("OpenDocument", repository, "main", Seeded.File);
                }
                catch (Exception e) when (e is HubException or TimeoutException)
                {
                    attempts.Add(e.Message);
                    await Task.Delay(500);
                }
            }
            Assert.True(reopened is not null, $"The document never opened on the survivor: {string.Join(" | ", attempts.TakeLast(3))}\n{Errors(survivor.Process.Output)}");
            Assert.Equal("before, during\n", reopened.Value.GetProperty("text").GetString());
            Assert.Equal(acknowledged, reopened.Value.GetProperty("version").GetInt64());

            // The session goes on at that version, and its text reaches the working tree when the last participant leaves.
            var more = Ops(new { retain = 14 }, new { insert = " and after" }, new { retain = 1 });
            Assert.Equal(acknowledged + 1, (await hub.InvokeAsync<JsonElement>("EditDocument", repository, "main", Seeded.File, acknowledged, more))
                .GetProperty("version").GetInt64());
            await hub.InvokeAsync("CloseDocument", repository, "main", Seeded.File);
            Assert.Equal("before, during and after\n", await throughSurvivor.ReadFile(repository, Seeded.File));
        }
    }

    static JsonElement Ops(params object[] components) => JsonSerializer.SerializeToElement(components);

    [Fact]
    public async Task A_graceful_shutdown_drains_without_failing_a_request_on_the_other_node()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        using var seeded = await Seeded.OnFirstNode(cluster);
        var (leaving, alice, repository) = (seeded.Node, seeded.Client, seeded.Repository);
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
        // The leaving node hands its grains over; a call that reaches it while it closes is retried once by the
        // calling node when Orleans says it was never executed, so no write through the other node fails.
        var failures = load.Failures.ToList();
        Assert.True(failures.Count == 0, "Writes failed while the other node drained: " +
            string.Join(", ", failures.Select(f => $"{f.Outcome} at {f.At.TotalSeconds:0.0}s")) +
            $"\nThe node that stayed:\n{Errors(staying.Process.Output)}\nThe node that left:\n{Errors(leaving.Process.Output)}");
        foreach (var (path, text) in load.Acknowledged)
            Assert.Equal(text, await throughStaying.ReadFile(repository, path));
        Assert.Equal(6, await MemberStatus(cluster, leaving.Name)); // Dead: it said goodbye instead of being voted out
    }

    /// <summary>The error and warning entries of a node's log, for failure messages.</summary>
    static string Errors(string output) =>
        string.Join('\n', output.Split('\n').SkipWhile(l => !l.StartsWith("fail:") && !l.StartsWith("warn:") && !l.StartsWith("crit:")).Take(120));

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
