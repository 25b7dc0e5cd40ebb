using System.Collections.Concurrent;
using System.Text.Json;
using ContextKit.Api.ChangeFeed;
using ContextKit.Api.Tests.Fixtures;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace ContextKit.Api.Tests.ChangeFeed;

/// <summary>
/// The safety net under the stream subscriptions: Orleans can leave a node's subscription registered yet never
/// delivered to. Here the node's subscription is dropped behind the listener's back (through Orleans, as a lost
/// subscription looks to the listener); its hub clients must still get every change, once and in order, and
/// presence must flow again.
/// </summary>
[Collection(ProductCollection.Name)]
public class DeafSubscriptionTests(ProductFixture product)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Changes_missed_by_a_subscription_that_went_deaf_still_reach_the_client_once_in_order_and_presence_resumes()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await using var hub = product.Factory.ConnectHub(alice);
        var sequences = new ConcurrentQueue<long>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var presence = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("RepositoryChanged", change =>
        {
            sequences.Enqueue(change.GetProperty("sequence").GetInt64());
            if (change.GetProperty("paths").EnumerateArray().Any(p => p.GetString() == "notes/second.md"))
                both.TrySetResult();
        });
        hub.On<string, JsonElement>("PresenceChanged", (_, present) =>
        {
            if (present.EnumerateArray().Any(e => e.TryGetProperty("path", out var path) && path.GetString() == "notes/second.md"))
                presence.TrySetResult();
        });
        await hub.StartAsync();
        var joined = (await hub.InvokeAsync<JsonElement>("JoinRepository", repo)).GetProperty("sequence").GetInt64();

        await DropSubscriptions(repo);

        await alice.CreateFile(repo, "notes/first.md", "# First\n");
        await alice.CreateFile(repo, "notes/second.md", "# Second\n");
        await both.Task.WaitAsync(Patience);
        Assert.Equal([joined + 1, joined + 2], sequences.ToArray());

        // The renewed subscription carries unnumbered events again; presence is a heartbeat, so it is sent until seen.
        var deadline = DateTime.UtcNow + Patience;
        while (!presence.Task.IsCompleted && DateTime.UtcNow < deadline)
        {
            await hub.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main", path = "notes/second.md" });
            await Task.WhenAny(presence.Task, Task.Delay(500));
        }
        Assert.True(presence.Task.IsCompleted, "PresenceChanged never came back after the subscription was renewed.");
        Assert.Equal([joined + 1, joined + 2], sequences.ToArray());
    }

    [Fact]
    public async Task A_presence_change_missed_by_a_deaf_subscription_still_reaches_the_client_when_nothing_else_happens()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await using var watcher = product.Factory.ConnectHub(alice);
        await using var mover = product.Factory.ConnectHub(alice);
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.On<string, JsonElement>("PresenceChanged", (_, present) =>
        {
            if (present.EnumerateArray().Any(e => e.TryGetProperty("path", out var path) && path.GetString() == "notes/quiet.md"))
                heard.TrySetResult();
        });
        await watcher.StartAsync();
        await mover.StartAsync();
        await watcher.InvokeAsync<JsonElement>("JoinRepository", repo);
        await DropSubscriptions(repo);

        // One presence change and nothing numbered after it: only the presence version can tell the node it is deaf.
        await mover.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main", path = "notes/quiet.md" });

        await heard.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_live_edit_missed_by_a_deaf_subscription_still_reaches_the_other_participant_once()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await alice.CreateFile(repo, "notes/live.md", "Hello\n");
        await using var writer = product.Factory.ConnectHub(alice);
        await using var reader = product.Factory.ConnectHub(alice);
        var versions = new ConcurrentQueue<long>();
        var heard = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        reader.On<JsonElement>("DocumentChanged", change =>
        {
            versions.Enqueue(change.GetProperty("version").GetInt64());
            heard.TrySetResult(change);
        });
        await writer.StartAsync();
        await reader.StartAsync();
        var opened = await reader.InvokeAsync<JsonElement>("OpenDocument", repo, "main", "notes/live.md");
        await writer.InvokeAsync<JsonElement>("OpenDocument", repo, "main", "notes/live.md");
        await DropSubscriptions(repo);

        var version = opened.GetProperty("version").GetInt64();
        var ops = JsonSerializer.SerializeToElement(new object[] { new { retain = 5 }, new { insert = ", world" }, new { retain = 1 } });
        var applied = await writer.InvokeAsync<JsonElement>("EditDocument", repo, "main", "notes/live.md", version, ops);

        var change = await heard.Task.WaitAsync(Patience);
        Assert.Equal(applied.GetProperty("version").GetInt64(), change.GetProperty("version").GetInt64());
        Assert.Equal(", world", change.GetProperty("ops")[1].GetProperty("insert").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3)); // Long enough for a second catch-up, had the node sent the edit twice.
        Assert.Equal([version + 1], versions.ToArray());
    }

    [Fact]
    public async Task A_listener_that_never_returns_holds_up_neither_the_other_listeners_nor_the_healing_of_other_repositories()
    {
        // A circuit whose browser is gone waits up to a minute on each JavaScript call made from its handler.
        var alice = await product.Factory.SignUp();
        var stuckRepo = await alice.CreateRepository();
        var otherRepo = await alice.CreateRepository();
        var listener = product.Factory.Services.GetRequiredService<ChangeFeedListener>();
        var never = new TaskCompletionSource();
        await using var stuck = await listener.Listen(stuckRepo, _ => never.Task);
        await using var hub = product.Factory.ConnectHub(alice);
        var heard = new ConcurrentDictionary<string, TaskCompletionSource>();
        hub.On<JsonElement>("RepositoryChanged", change =>
        {
            if (change.GetProperty("kind").GetString() == "file.written")
                heard.GetOrAdd(change.GetProperty("repository").GetString()!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRepository", stuckRepo);
        await hub.InvokeAsync<JsonElement>("JoinRepository", otherRepo);
        await DropSubscriptions(stuckRepo);
        await DropSubscriptions(otherRepo);

        await alice.CreateFile(stuckRepo, "notes/a.md", "# A\n");
        await alice.CreateFile(otherRepo, "notes/b.md", "# B\n");

        await heard.GetOrAdd(stuckRepo, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Patience);
        await heard.GetOrAdd(otherRepo, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Patience);
        never.SetResult();
    }

    async Task DropSubscriptions(string repo)
    {
        var cluster = product.Factory.Services.GetRequiredService<IClusterClient>();
        var stream = cluster.GetStreamProvider(ChangeFeedStream.Provider).GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repo));
        var handles = await stream.GetAllSubscriptionHandles();
        Assert.NotEmpty(handles);
        foreach (var handle in handles)
            await handle.UnsubscribeAsync();
    }
}
