using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Git;

/// <summary>History per branch, per path and per entity; commits racing on one branch.</summary>
[Collection(ProductCollection.Name)]
public class HistoryTests(ProductFixture product)
{
    const string Feature = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";

    [Fact]
    public async Task The_history_of_an_entity_follows_its_file_through_a_rename()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await alice.ChangeFile(repo, Feature, text => text.Replace("status: done", "status: in-progress"));
        await Commit(alice, repo, "Reopen the catalogue");
        var text = await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{Feature}");
        const string renamed = "contexts/features/FEAT-001-catalogue.yaml";
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/repos/{repo}/files/{Feature}");
        delete.Headers.TryAddWithoutValidation("If-Match", (await alice.Http.GetAsync($"/api/repos/{repo}/files/{Feature}")).Headers.ETag!.Tag);
        (await alice.Http.SendAsync(delete)).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, renamed, text);
        await Commit(alice, repo, "Shorter file name");
        // An unrelated commit must not show in the entity's history.
        await alice.CreateFile(repo, "notes/other.md", "# Other\n");
        await Commit(alice, repo, "Unrelated");

        var byEntity = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?entity=FEAT-001");
        var byPath = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?path={renamed}");
        var whole = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log");

        var messages = byEntity.EnumerateArray().Select(c => c.GetProperty("message").GetString()).ToList();
        Assert.Equal("Shorter file name", messages[0]);
        Assert.Equal("Reopen the catalogue", messages[1]);
        Assert.StartsWith("Create", messages[2]);
        Assert.Equal(3, messages.Count);
        Assert.Equal(messages, byPath.EnumerateArray().Select(c => c.GetProperty("message").GetString()));
        Assert.Equal(4, whole.GetArrayLength());
    }

    [Fact]
    public async Task The_history_of_an_unknown_entity_is_404_and_path_with_entity_is_400()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/git/log?entity=FEAT-999"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/git/log?entity=FEAT-001&path=README.md"), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/git/log?path=../etc/passwd"), HttpStatusCode.BadRequest, "invalid-path");
    }

    [Fact]
    public async Task The_history_of_a_branch_is_its_own()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name = "topic" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, "notes/topic.md", "# Topic\n", "topic");
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { branch = "topic", message = "Topic work" })).EnsureSuccessStatusCode();

        var onTopic = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?branch=topic");
        var onMain = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?branch=main");

        Assert.Equal("Topic work", onTopic[0].GetProperty("message").GetString());
        Assert.Equal(2, onTopic.GetArrayLength());
        Assert.Equal(1, onMain.GetArrayLength());
    }

    [Fact]
    public async Task Two_commits_at_the_same_moment_on_one_branch_are_serialised_and_the_second_builds_on_the_first()
    {
        var alice = await product.Factory.SignUp();
        var bob = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{bob.Email}", new { role = "editor" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, "notes/alice.md", "# Alice\n");
        await bob.CreateFile(repo, "notes/bob.md", "# Bob\n");

        var responses = await Task.WhenAll(
            alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Alice's note", paths = new[] { "notes/alice.md" } }),
            bob.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Bob's note", paths = new[] { "notes/bob.md" } }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var log = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log");
        Assert.Equal(3, log.GetArrayLength());
        var (newer, older, root) = (log[0].GetProperty("commit").GetString(), log[1].GetProperty("commit").GetString(), log[2].GetProperty("commit").GetString());
        // Each commit holds exactly its own file: the second was made on top of the first, losing nothing.
        var last = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/diff?from={older}&to={newer}");
        var first = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/diff?from={root}&to={older}");
        var files = new[] { last, first }.Select(d => Assert.Single(d.GetProperty("files").EnumerateArray()).GetProperty("path").GetString()).ToList();
        Assert.Equal(["notes/alice.md", "notes/bob.md"], files.Order());
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status")).GetProperty("changes").EnumerateArray());
    }

    static async Task Commit(SignedInClient user, string repo, string message) =>
        (await user.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message })).EnsureSuccessStatusCode();
}
