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
        await alice.CreateFile(repo, "notes/decisions.md", "# Decisions\n");

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
    public async Task The_diff_shows_working_changes_as_unified_text_and_hunks()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        const string feature = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";
        var original = await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{feature}");
        await alice.ChangeFile(repo, feature, text => text.Replace("status: done", "status: in-progress"));
        await alice.CreateFile(repo, "notes/new.md", "# New\n");

        var diff = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/diff");

        var files = diff.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([feature, "notes/new.md"], files.Select(f => f.GetProperty("path").GetString()));
        var hunk = files[0].GetProperty("hunks")[0];
        Assert.Contains("-status: done", hunk.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("+status: in-progress", hunk.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(1, files[1].GetProperty("additions").GetInt32());
        Assert.Contains("+status: in-progress", diff.GetProperty("unified").GetString());
        var one = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/diff?path=notes/new.md");
        Assert.Single(one.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task The_diff_between_two_commits_and_an_unknown_revision()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var first = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log"))[0].GetProperty("commit").GetString();
        await alice.ChangeFile(repo, "README.md", _ => "# Changed\n");
        var second = (await (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Readme" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString();

        var diff = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/diff?from={first}&to={second}");

        Assert.Equal(["README.md"], diff.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/git/diff?from=nope"), HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task Discarding_brings_back_the_committed_files_and_removes_new_ones()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var original = await alice.Http.GetStringAsync($"/api/repos/{repo}/files/README.md");
        await alice.ChangeFile(repo, "README.md", _ => "# Oops\n");
        await alice.CreateFile(repo, "notes/tmp.md", "x");

        var response = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/discard", new { paths = new[] { "README.md", "notes/tmp.md" } });

        Assert.Equal(["README.md", "notes/tmp.md"], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("discarded").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(original, await alice.Http.GetStringAsync($"/api/repos/{repo}/files/README.md"));
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/notes/tmp.md"), HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status")).GetProperty("changes").EnumerateArray());
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
