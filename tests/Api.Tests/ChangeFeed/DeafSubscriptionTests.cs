using System.Collections.Concurrent;
using System.Text.Json;
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

        var cluster = product.Factory.Services.GetRequiredService<IClusterClient>();
        var stream = cluster.GetStreamProvider(ChangeFeedStream.Provider).GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repo));
        var handles = await stream.GetAllSubscriptionHandles();
        Assert.NotEmpty(handles);
        foreach (var handle in handles)
            await handle.UnsubscribeAsync();

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
}
