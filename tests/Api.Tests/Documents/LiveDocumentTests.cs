using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Api.Tests.Documents;

[Collection(ProductCollection.Name)]
public class LiveDocumentTests(ProductFixture product)
{
    const string Path = "notes/shared.md";

    HubConnection Connect(SignedInClient user) => product.Factory.ConnectHub(user);

    /// <summary>A participant that keeps the text it sees by applying every broadcast edit in version order.</summary>
    sealed class Participant(HubConnection hub)
    {
        readonly ConcurrentDictionary<long, JsonElement> edits = new();
        public HubConnection Hub { get; } = hub;
        public string Text { get; private set; } = "";
        public long Version { get; private set; }

        public async Task Open(string repo)
        {
            Hub.On<JsonElement>("DocumentChanged", message => edits[message.GetProperty("version").GetInt64()] = message.GetProperty("ops").Clone());
            await Hub.StartAsync();
            var snapshot = await Hub.InvokeAsync<JsonElement>("OpenDocument", repo, "main", Path);
            (Text, Version) = (snapshot.GetProperty("text").GetString()!, snapshot.GetProperty("version").GetInt64());
        }

        /// <summary>Applies broadcast edits until <paramref name="version"/> is reached, waiting for them to arrive.</summary>
        public async Task CatchUp(long version)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Version < version)
            {
                if (edits.TryRemove(Version + 1, out var ops))
                {
                    Text = ContextKit.Domain.Collaboration.TextOperation.Parse(ops).Apply(Text);
                    Version++;
                }
                else if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Edit {Version + 1} never arrived.");
                else
                    await Task.Delay(10);
            }
        }
    }

    static object[] Insert(int at, string text, int length)
    {
        var ops = new List<object>();
        if (at > 0)
            ops.Add(new { retain = at });
        ops.Add(new { insert = text });
        if (length - at > 0)
            ops.Add(new { retain = length - at });
        return [.. ops];
    }

    [Fact]
    public async Task Two_people_editing_at_the_same_moment_end_with_the_same_text_holding_both_edits()
    {
        var alice = await product.Factory.SignUp();
        var bob = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{bob.Email}", new { role = "editor" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, Path, "Hello world");
        await using var a = Connect(alice);
        await using var b = Connect(bob);
        var pa = new Participant(a);
        var pb = new Participant(b);
        await pa.Open(repo);
        await pb.Open(repo);

        // Both edit version 0 without having seen the other's edit.
        var editA = a.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 0L, Insert(0, "[alice] ", 11));
        var editB = b.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 0L, Insert(11, " [bob]", 11));
        var versions = (await Task.WhenAll(editA, editB)).Select(v => v.GetProperty("version").GetInt64()).ToList();

        await pa.CatchUp(2);
        await pb.CatchUp(2);
        Assert.Equal([1L, 2L], versions.Order());
        Assert.Equal(pa.Text, pb.Text);
        Assert.Equal("[alice] Hello world [bob]", pa.Text);

        await a.InvokeAsync("CloseDocument", repo, "main", Path);
        await b.InvokeAsync("CloseDocument", repo, "main", Path);
        Assert.Equal("[alice] Hello world [bob]", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{Path}"));
    }

    [Fact]
    public async Task A_rest_write_to_an_open_document_reaches_its_participants_as_an_edit()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await alice.CreateFile(repo, Path, "one\n");
        await using var a = Connect(alice);
        var pa = new Participant(a);
        await pa.Open(repo);

        await alice.ChangeFile(repo, Path, _ => "one\ntwo\n");

        await pa.CatchUp(1);
        Assert.Equal("one\ntwo\n", pa.Text);
    }

    [Fact]
    public async Task A_file_deleted_while_open_is_written_again_with_the_session_text_and_nothing_is_lost()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await alice.CreateFile(repo, Path, "draft");
        await using var a = Connect(alice);
        var pa = new Participant(a);
        await pa.Open(repo);
        var etag = (await alice.Http.GetAsync($"/api/repos/{repo}/files/{Path}")).Headers.ETag!.Tag;
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/repos/{repo}/files/{Path}");
        delete.Headers.TryAddWithoutValidation("If-Match", etag);
        (await alice.Http.SendAsync(delete)).EnsureSuccessStatusCode();

        await a.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 0L, Insert(5, " kept", 5));
        await a.InvokeAsync("CloseDocument", repo, "main", Path);

        Assert.Equal("draft kept", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{Path}"));
    }

    [Fact]
    public async Task A_client_vanishing_mid_edit_leaves_its_edit_whole_or_not_at_all_and_the_others_carry_on()
    {
        var alice = await product.Factory.SignUp();
        var bob = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{bob.Email}", new { role = "editor" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, Path, "Hello world");
        var a = Connect(alice);
        await using var b = Connect(bob);
        var pa = new Participant(a);
        var pb = new Participant(b);
        await pa.Open(repo);
        await pb.Open(repo);
        await a.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main", path = Path, cursor = "11:11" });

        // Alice sends a large edit and her connection goes away without waiting for the answer.
        var large = new string('a', 200_000);
        _ = a.SendAsync("EditDocument", repo, "main", Path, 0L, Insert(11, large, 11));
        await a.DisposeAsync();

        // Her presence leaves with the connection.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await b.InvokeAsync<JsonElement>("SetPresence", repo, new { branch = "main", path = Path })).EnumerateArray()
               .Any(p => p.GetProperty("userId").GetString() == alice.Tokens.User.Id))
        {
            Assert.True(DateTime.UtcNow < deadline, "Alice's presence did not leave with her connection.");
            await Task.Delay(50);
        }

        // Bob carries on, against the version he had; her edit is in the text whole or not at all.
        var version = (await b.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 0L, Insert(0, "[bob] ", 11))).GetProperty("version").GetInt64();
        await pb.CatchUp(version);
        Assert.Contains(pb.Text, new[] { "[bob] Hello world", "[bob] Hello world" + large });
        Assert.Equal(version == 2 ? "[bob] Hello world" + large : "[bob] Hello world", pb.Text);

        // Bob is the last participant (Alice's session left with her), so closing saves the text and ends the session:
        // opening it again starts a fresh session at version 0 with the saved text.
        await b.InvokeAsync("CloseDocument", repo, "main", Path);
        Assert.Equal(pb.Text, await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{Path}"));
        var reopened = await b.InvokeAsync<JsonElement>("OpenDocument", repo, "main", Path);
        Assert.Equal(0, reopened.GetProperty("version").GetInt64());
        Assert.Equal(pb.Text, reopened.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_viewer_can_watch_but_not_edit_and_bad_operations_are_refused()
    {
        var alice = await product.Factory.SignUp();
        var viewer = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{viewer.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, Path, "abc");
        await using var v = Connect(viewer);
        await using var a = Connect(alice);
        var pv = new Participant(v);
        await pv.Open(repo);
        await a.StartAsync();
        await a.InvokeAsync<JsonElement>("OpenDocument", repo, "main", Path);

        var refused = await Assert.ThrowsAsync<HubException>(() => v.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 0L, Insert(0, "x", 3)));
        var pastTheEnd = await Assert.ThrowsAsync<HubException>(() => a.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 0L, new object[] { new { retain = 10 } }));
        var future = await Assert.ThrowsAsync<HubException>(() => a.InvokeAsync<JsonElement>("EditDocument", repo, "main", Path, 5L, Insert(0, "x", 3)));

        Assert.Contains("access-denied: ", refused.Message);
        Assert.Contains("bad-request: ", pastTheEnd.Message);
        Assert.Contains("bad-request: ", future.Message);
        Assert.Equal("abc", pv.Text);
        Assert.Equal(0, pv.Version);
    }
}
