using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.ChangeFeed;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Api.Tests.ChangeFeed;

[Collection(ProductCollection.Name)]
public class ChangeFeedTests(ProductFixture product)
{
    HubConnection Connect(SignedInClient user) => product.Factory.ConnectHub(user);

    [Fact]
    public async Task A_client_that_joined_a_repository_receives_the_change_a_rest_write_makes()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await using var hub = Connect(alice);
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("RepositoryChanged", change =>
        {
            if (change.GetProperty("kind").GetString() == "file.written")
                received.TrySetResult(change);
        });
        await hub.StartAsync();

        var joined = await hub.InvokeAsync<JsonElement>("JoinRepository", repo);
        await alice.CreateFile(repo, "notes/live.md", "# Live\n");
        var change = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, joined.GetProperty("sequence").GetInt64());
        Assert.Equal(repo, change.GetProperty("repository").GetString());
        Assert.Equal(2, change.GetProperty("sequence").GetInt64());
        Assert.Equal("main", change.GetProperty("branch").GetString());
        Assert.Equal(["notes/live.md"], change.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(alice.Tokens.User.Id, change.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_client_that_missed_events_catches_up_from_the_events_route()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await alice.CreateFile(repo, "a.md", "a");
        await alice.CreateFile(repo, "b.md", "b");

        var response = await alice.Http.GetAsync($"/api/repos/{repo}/events?since=1");
        var events = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal([2L, 3L], events.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("3", response.Headers.GetValues("X-Feed-Sequence").Single());
        Assert.Equal(["a.md"], events[0].GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_write_that_breaks_validation_sends_ValidationChanged()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await using var hub = Connect(alice);
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("ValidationChanged", message => received.TrySetResult(message));
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRepository", repo);

        await alice.CreateFile(repo, "contexts/tasks/T-404.yaml", "id: T-404\ntitle: Broken\nstatus: nonsense\nowner: \"@a\"\n");
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(repo, message.GetProperty("repo").GetString());
        Assert.Equal("main", message.GetProperty("branch").GetString());
        Assert.False(message.GetProperty("ok").GetBoolean());
        Assert.Equal(1, message.GetProperty("totalErrors").GetInt32());
    }

    [Fact]
    public async Task A_node_listens_to_a_repository_only_while_one_of_its_clients_has_joined()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var listener = product.Factory.Services.GetRequiredService<ChangeFeedListener>();
        await using var first = Connect(alice);
        await using var second = Connect(alice);
        await first.StartAsync();
        await second.StartAsync();

        await first.InvokeAsync<JsonElement>("JoinRepository", repo);
        await second.InvokeAsync<JsonElement>("JoinRepository", repo);
        Assert.Contains(repo, listener.Subscribed());
        await first.InvokeAsync("LeaveRepository", repo);
        Assert.Contains(repo, listener.Subscribed());
        await second.StopAsync();

        // Disconnect handling runs on the server after the client is gone; wait for it, not for time.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (listener.Subscribed().Contains(repo) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.DoesNotContain(repo, listener.Subscribed());
    }

    [Fact]
    public async Task A_member_removed_while_connected_stops_receiving_changes_at_once()
    {
        var owner = await product.Factory.SignUp();
        var member = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{member.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();
        await using var ownerHub = Connect(owner);
        await using var memberHub = Connect(member);
        var memberSaw = new List<string>();
        var ownerSawWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        memberHub.On<JsonElement>("RepositoryChanged", change => { lock (memberSaw) memberSaw.Add(change.GetProperty("kind").GetString()!); });
        ownerHub.On<JsonElement>("RepositoryChanged", change =>
        {
            if (change.GetProperty("kind").GetString() == "file.written")
                ownerSawWrite.TrySetResult();
        });
        await ownerHub.StartAsync();
        await memberHub.StartAsync();
        await ownerHub.InvokeAsync<JsonElement>("JoinRepository", repo);
        await memberHub.InvokeAsync<JsonElement>("JoinRepository", repo);

        (await owner.Http.DeleteAsync($"/api/repos/{repo}/members/{member.Email}")).EnsureSuccessStatusCode();
        await owner.CreateFile(repo, "notes/secret.md", "# Not for former members\n");
        await ownerSawWrite.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // The owner's connection got the write. A round trip on the member's connection comes back after
        // anything the server had already sent on it, so a forwarded write would have arrived by now.
        await memberHub.InvokeAsync("LeaveRepository", repo);
        lock (memberSaw)
            Assert.DoesNotContain("file.written", memberSaw);
        var rejoin = await Assert.ThrowsAsync<HubException>(() => memberHub.InvokeAsync<JsonElement>("JoinRepository", repo));
        Assert.Contains("not found", rejoin.Message);
    }

    [Fact]
    public async Task Joining_a_repository_one_is_not_a_member_of_is_refused()
    {
        var alice = await product.Factory.SignUp();
        var mallory = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await using var hub = Connect(mallory);
        await hub.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinRepository", repo));
        Assert.Contains("not found", refused.Message);
    }

    [Fact]
    public async Task The_hub_refuses_an_anonymous_connection()
    {
        await using var hub = product.Factory.ConnectHub(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
