using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Git;

[Collection(ProductCollection.Name)]
public class GitEndpointsTests(ProductFixture product)
{
    [Fact]
    public async Task A_written_file_shows_in_status_with_its_editor_and_a_commit_records_the_signed_in_author()
    {
        var alice = await product.Factory.SignUp("alice");
        var repo = await alice.CreateRepository();
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/decisions.md") { Content = new StringContent("# Decisions\n") };
        put.Headers.TryAddWithoutValidation("If-None-Match", "*");
        (await alice.Http.SendAsync(put)).EnsureSuccessStatusCode();

        var status = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status");
        var change = Assert.Single(status.GetProperty("changes").EnumerateArray());
        Assert.Equal("notes/decisions.md", change.GetProperty("path").GetString());
        Assert.Equal("added", change.GetProperty("state").GetString());
        Assert.Equal("alice", change.GetProperty("editors")[0].GetProperty("displayName").GetString());

        var commit = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { branch = "main", message = "Record decisions" });
        commit.EnsureSuccessStatusCode();
        var sha = (await commit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString();

        var log = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?limit=5");
        Assert.Equal(sha, log[0].GetProperty("commit").GetString());
        Assert.Equal("alice", log[0].GetProperty("author").GetString());
        Assert.Equal("Record decisions", log[0].GetProperty("message").GetString());
        Assert.Equal(2, log.GetArrayLength());
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status")).GetProperty("changes").EnumerateArray());
        var fileLog = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?path=notes/decisions.md");
        Assert.Equal(1, fileLog.GetArrayLength());
    }

    [Fact]
    public async Task Committing_nothing_or_without_a_message_gets_a_clear_400()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Nothing" }), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "" }), HttpStatusCode.BadRequest, "bad-request");
    }
}
