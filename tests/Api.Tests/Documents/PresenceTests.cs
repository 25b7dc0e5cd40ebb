using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Api.Tests.Documents;

[Collection(ProductCollection.Name)]
public class PresenceTests(ProductFixture product)
{
    [Fact]
    public async Task Everyone_in_a_repository_sees_where_the_others_are_and_when_they_leave()
    {
        var alice = await product.Factory.SignUp("alicep");
        var bob = await product.Factory.SignUp("bobp");
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{bob.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();
        await using var a = product.Factory.ConnectHub(alice);
        var b = product.Factory.ConnectHub(bob);
        var bobArrived = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobLeft = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.On<string, JsonElement>("PresenceChanged", (repository, present) =>
        {
            var names = present.EnumerateArray().Select(p => p.GetProperty("displayName").GetString()).ToList();
            if (names.Contains("bobp"))
                bobArrived.TrySetResult(present);
            else if (bobArrived.Task.IsCompleted)
                bobLeft.TrySetResult(present);
        });
        await a.StartAsync();
        await b.StartAsync();
        await a.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main", path = "README.md" });

        await b.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main", path = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml", cursor = "3:5" });
        var present = await bobArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await b.DisposeAsync();
        var after = await bobLeft.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var entry = present.EnumerateArray().Single(p => p.GetProperty("displayName").GetString() == "bobp");
        Assert.Equal("contexts/features/FEAT-001-tool-catalogue-and-search.yaml", entry.GetProperty("path").GetString());
        Assert.Equal("3:5", entry.GetProperty("cursor").GetString());
        Assert.Equal(["alicep"], after.EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task An_outsider_cannot_announce_presence()
    {
        var alice = await product.Factory.SignUp();
        var mallory = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await using var m = product.Factory.ConnectHub(mallory);
        await m.StartAsync();
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => m.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main" }));
        Assert.Contains("not-found: ", refused.Message);
    }
}
