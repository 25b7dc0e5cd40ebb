using System.Collections.Concurrent;
using System.Text.Json;
using ContextKit.Domain.Collaboration;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ContextKit.Web.Tests;

/// <summary>
/// API clients across nodes: hub clients connected to different nodes of one cluster see each other's live edits,
/// presence and change events.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossNodeHubTests(ContextKitServer server)
{
    const string Password = "a long enough passphrase";
    const string Path = "notes/across.md";

    [Fact]
    public async Task A_hub_client_on_node_B_sees_edits_presence_and_changes_made_on_node_A()
    {
        using var alice = new ApiClient(server.Url);
        using var bob = new ApiClient(server.SecondUrl);
        var aliceEmail = $"alice-{Guid.NewGuid():N}@example.test";
        var bobEmail = $"bob-{Guid.NewGuid():N}@example.test";
        await alice.Register(aliceEmail, Password, "Alice Hub");
        await bob.Register(bobEmail, Password, "Bob Hub");
        await alice.SignIn(aliceEmail, Password);
        await bob.SignIn(bobEmail, Password);
        var repository = await alice.CreateRepository("Across nodes");
        await alice.AddMember(repository, bobEmail, "editor");
        await alice.CreateFile(repository, Path, "Hello");

        await using var onA = Connect(server.Url, alice.AccessToken!);
        await using var onB = Connect(server.SecondUrl, bob.AccessToken!);
        var edits = new ConcurrentDictionary<long, JsonElement>();
        var presence = new ConcurrentQueue<JsonElement>();
        var changes = new ConcurrentQueue<JsonElement>();
        onB.On<JsonElement>("DocumentChanged", message => edits[message.GetProperty("version").GetInt64()] = message.GetProperty("ops").Clone());
        onB.On<string, JsonElement>("PresenceChanged", (_, entries) => presence.Enqueue(entries.Clone()));
        onB.On<JsonElement>("RepositoryChanged", change => changes.Enqueue(change.Clone()));
        await onA.StartAsync();
        await onB.StartAsync();
        await onB.InvokeAsync<JsonElement>("JoinRepository", repository);
        var snapshot = await onB.InvokeAsync<JsonElement>("OpenDocument", repository, "main", Path);
        await onA.InvokeAsync<JsonElement>("OpenDocument", repository, "main", Path);

        // Presence set on node A shows on node B. A stream subscription takes effect a moment after the call that made
        // it returns (events in that moment are what the feed's catch-up and the document's version numbers are for),
        // so Alice repeats it as the heartbeat does until Bob has seen it.
        var seen = false;
        for (var attempt = 0; attempt < 40 && !seen; attempt++)
        {
            await onA.InvokeAsync<JsonElement>("SetPresence", repository, new { branch = "main", path = Path, cursor = "12:12" });
            await Task.Delay(250);
            seen = presence.Any(list => list.EnumerateArray().Any(p =>
                p.GetProperty("userId").GetString() == alice.UserId && p.GetProperty("cursor").GetString() == "12:12"));
        }
        Assert.True(seen, "Alice's presence never reached node B");

        // An edit on node A reaches the participant on node B.
        var version = (await onA.InvokeAsync<JsonElement>("EditDocument", repository, "main", Path, 0L,
            new object[] { new { retain = 5 }, new { insert = ", world" } })).GetProperty("version").GetInt64();
        await Until(() => edits.ContainsKey(version), "the edit made on node A never reached node B");
        Assert.Equal("Hello, world", TextOperation.Parse(edits[version]).Apply(snapshot.GetProperty("text").GetString()!));

        // A change through node A's REST API arrives on node B's feed.
        await alice.CreateFile(repository, "notes/second.md", "second");
        await Until(() => changes.Any(c => c.GetProperty("kind").GetString() == "file.written"
            && c.GetProperty("paths").EnumerateArray().Any(p => p.GetString() == "notes/second.md")),
            "the file written through node A never reached node B's feed");
    }

    static HubConnection Connect(Uri node, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node, "hubs/repo"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();

    async Task Until(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            var output = server.Output;
            Assert.True(DateTime.UtcNow < deadline, $"{failure}\n\nProduct output (last 8000 characters):\n{output[Math.Max(0, output.Length - 8000)..]}");
            await Task.Delay(20);
        }
    }
}
