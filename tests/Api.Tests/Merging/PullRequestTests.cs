using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using static ContextKit.Api.Tests.Merging.Branches;

namespace ContextKit.Api.Tests.Merging;

[Collection(ProductCollection.Name)]
public class PullRequestTests(ProductFixture product)
{
    static Task<HttpResponseMessage> Open(SignedInClient user, string repo, string source, string target = "main", string title = "Map in the catalogue", string? body = "Shows tools on a map.") =>
        user.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls", new { source, target, title, body });

    static async Task<int> OpenNumber(SignedInClient user, string repo, string source, string target = "main")
    {
        var response = await Open(user, repo, source, target);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();
    }

    static Task<JsonElement> Show(SignedInClient user, string repo, int number) =>
        user.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/pulls/{number}");

    static Task<HttpResponseMessage> MergePull(SignedInClient user, string repo, int number, object[]? resolutions = null) =>
        user.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/merge", new { resolutions });

    [Fact]
    public async Task A_pull_request_shows_its_commits_diff_source_validation_and_the_impact_of_the_entities_it_changes()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "map");
        var commit = await CommitChange(alice, repo, "map", Feature, "status: done", "status: in-progress");

        var number = await OpenNumber(alice, repo, "map");
        var pull = await Show(alice, repo, number);
        var list = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/pulls?state=open");

        Assert.Equal(1, number);
        Assert.Equal(number, Assert.Single(list.EnumerateArray()).GetProperty("number").GetInt32());
        Assert.Equal("open", pull.GetProperty("state").GetString());
        Assert.Equal("map", pull.GetProperty("source").GetString());
        Assert.Equal("main", pull.GetProperty("target").GetString());
        Assert.Equal("Shows tools on a map.", pull.GetProperty("body").GetString());
        Assert.Equal(alice.Name, pull.GetProperty("author").GetProperty("displayName").GetString());
        Assert.Equal(commit, Assert.Single(pull.GetProperty("commits").EnumerateArray()).GetProperty("commit").GetString());
        var file = Assert.Single(pull.GetProperty("diff").GetProperty("files").EnumerateArray());
        Assert.Equal(Feature, file.GetProperty("path").GetString());
        Assert.Contains("+status: in-progress", pull.GetProperty("diff").GetProperty("unified").GetString());
        Assert.True(pull.GetProperty("validation").GetProperty("ok").GetBoolean());
        Assert.Equal(["FEAT-001"], pull.GetProperty("changedEntities").EnumerateArray().Select(e => e.GetString()));
        var impact = pull.GetProperty("impact");
        Assert.Equal(["FEAT-001"], impact.GetProperty("changedIds").EnumerateArray().Select(e => e.GetString()));
        var impacted = impact.GetProperty("impactedIds").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("US-001", impacted);
        Assert.Contains("SPEC-001", impacted);
        Assert.Empty(pull.GetProperty("conflicts").EnumerateArray());
    }

    [Fact]
    public async Task The_source_validation_shown_is_that_of_its_last_commit()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "broken");
        await alice.CreateFile(repo, "contexts/tasks/T-099-broken.yaml", "id: T-099\ntitle: [unclosed\n", "broken");
        await Commit(alice, repo, "broken", "Add a broken task");

        var pull = await Show(alice, repo, await OpenNumber(alice, repo, "broken"));

        Assert.False(pull.GetProperty("validation").GetProperty("ok").GetBoolean());
        Assert.True(pull.GetProperty("validation").GetProperty("totalErrors").GetInt32() > 0);
    }

    [Fact]
    public async Task Merging_a_pull_request_lands_its_commits_and_keeps_what_it_changed_on_show()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "map");
        var commit = await CommitChange(alice, repo, "map", Feature, "status: done", "status: in-progress");
        var number = await OpenNumber(alice, repo, "map");

        var response = await MergePull(alice, repo, number);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("merged", merged.GetProperty("state").GetString());
        Assert.Equal(commit, merged.GetProperty("mergeCommit").GetString());
        Assert.Equal(commit, await Head(alice, repo, "main"));
        var shown = await Show(alice, repo, number);
        Assert.Equal(commit, Assert.Single(shown.GetProperty("commits").EnumerateArray()).GetProperty("commit").GetString());
        Assert.Equal(["FEAT-001"], shown.GetProperty("changedEntities").EnumerateArray().Select(e => e.GetString()));
        await Problem.Expect(await MergePull(alice, repo, number), HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Two_pull_requests_on_the_same_entity_the_second_conflicts_then_merges_with_a_resolution()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Diverge(alice, repo, "first", "second");
        var first = await OpenNumber(alice, repo, "first");
        var second = await OpenNumber(alice, repo, "second");
        (await MergePull(alice, repo, first)).EnsureSuccessStatusCode();
        Assert.Equal([Feature], (await Show(alice, repo, second)).GetProperty("conflicts").EnumerateArray().Select(c => c.GetString()));
        var head = await Head(alice, repo, "main");

        var refused = await Problem.Expect(await MergePull(alice, repo, second), HttpStatusCode.Conflict, "merge-conflict");
        Assert.Equal(Feature, Assert.Single(refused.GetProperty("conflicts").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal("open", (await Show(alice, repo, second)).GetProperty("state").GetString());
        Assert.Equal(head, await Head(alice, repo, "main"));

        var response = await MergePull(alice, repo, second, [new { path = Feature, take = "theirs" }]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mergeCommit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mergeCommit").GetString()!;
        Assert.Equal([head, await Head(alice, repo, "second")], Parents(product.Factory.DataPath, repo, mergeCommit));
        Assert.Contains("title: Tool catalogue with filters", (await Read(alice, repo, "main", Feature)).Text);
    }

    [Fact]
    public async Task Comments_and_closing_are_kept_and_a_closed_pull_request_cannot_be_merged()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "map");
        await CommitChange(alice, repo, "map", Feature, "status: done", "status: in-progress");
        var number = await OpenNumber(alice, repo, "map");
        var head = await Head(alice, repo, "main");

        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/comments", new { text = "Looks right to me." })).StatusCode);
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/comments", new { text = " " }), HttpStatusCode.BadRequest, "bad-request");
        var closed = await alice.Http.PostAsync($"/api/repos/{repo}/pulls/{number}/close", null);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var pull = await Show(alice, repo, number);
        Assert.Equal("closed", pull.GetProperty("state").GetString());
        var comment = Assert.Single(pull.GetProperty("comments").EnumerateArray());
        Assert.Equal("Looks right to me.", comment.GetProperty("text").GetString());
        Assert.Equal(alice.Name, comment.GetProperty("author").GetProperty("displayName").GetString());
        await Problem.Expect(await MergePull(alice, repo, number), HttpStatusCode.Conflict, "conflict");
        await Problem.Expect(await alice.Http.PostAsync($"/api/repos/{repo}/pulls/{number}/close", null), HttpStatusCode.Conflict, "conflict");
        Assert.Equal(head, await Head(alice, repo, "main"));
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/pulls?state=open")).EnumerateArray());
    }

    [Fact]
    public async Task Bad_pull_requests_are_refused_clearly()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "map");

        await Problem.Expect(await Open(alice, repo, "main", "main"), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await Open(alice, repo, "nowhere"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await Open(alice, repo, "map", "nowhere"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await Open(alice, repo, "map", title: " "), HttpStatusCode.BadRequest, "bad-request");
        await OpenNumber(alice, repo, "map");
        await Problem.Expect(await Open(alice, repo, "map"), HttpStatusCode.Conflict, "conflict");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/pulls/42"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await MergePull(alice, repo, 42), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Viewers_read_pull_requests_but_cannot_open_comment_merge_or_close_them()
    {
        var alice = await product.Factory.SignUp();
        var victor = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "map");
        await CommitChange(alice, repo, "map", Feature, "status: done", "status: in-progress");
        var number = await OpenNumber(alice, repo, "map");
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{victor.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();

        Assert.Equal(number, (await Show(victor, repo, number)).GetProperty("number").GetInt32());
        Assert.Single((await victor.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/pulls")).EnumerateArray());
        await Problem.Expect(await Open(victor, repo, "map", title: "Again"), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await victor.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/comments", new { text = "Hi" }), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await MergePull(victor, repo, number), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await victor.Http.PostAsync($"/api/repos/{repo}/pulls/{number}/close", null), HttpStatusCode.Forbidden, "access-denied");
        Assert.Equal("open", (await Show(alice, repo, number)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Pull_request_changes_go_out_on_the_change_feed_with_their_number()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "map");
        await Create(alice, repo, "other");
        var commit = await CommitChange(alice, repo, "map", Feature, "status: done", "status: in-progress");
        await CommitChange(alice, repo, "other", "README.md", "#", "# Other\n#");
        var merged = await OpenNumber(alice, repo, "map");
        var closed = await OpenNumber(alice, repo, "other");
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{merged}/comments", new { text = "Ship it" })).EnsureSuccessStatusCode();
        (await MergePull(alice, repo, merged)).EnsureSuccessStatusCode();
        (await alice.Http.PostAsync($"/api/repos/{repo}/pulls/{closed}/close", null)).EnsureSuccessStatusCode();

        var events = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events")).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString()!.StartsWith("pull.", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("pullRequest").GetInt32()))
            .ToList();

        Assert.Equal([("pull.opened", merged), ("pull.opened", closed), ("pull.commented", merged), ("pull.merged", merged), ("pull.closed", closed)], events);
        var mergeEvent = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events")).EnumerateArray()
            .Single(e => e.GetProperty("kind").GetString() == "pull.merged");
        Assert.Equal(commit, mergeEvent.GetProperty("commit").GetString());
    }

    [Fact]
    public async Task Pull_requests_survive_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-pulls-" + Guid.NewGuid().ToString("N")[..8]);
        string repo;
        int number;
        string accessToken;
        await using (var first = new ContextKitFactory(data))
        {
            var alice = await first.SignUp("puller");
            repo = await alice.CreateRepository();
            await Create(alice, repo, "map");
            await CommitChange(alice, repo, "map", Feature, "status: done", "status: in-progress");
            number = await OpenNumber(alice, repo, "map");
            (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/comments", new { text = "Before the restart" })).EnsureSuccessStatusCode();
            (await alice.Http.PutAsync($"/api/repos/{repo}/git/protected-branches/main", null)).EnsureSuccessStatusCode();
            accessToken = alice.Tokens.AccessToken;
        }

        await using var second = new ContextKitFactory(data);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        var pull = await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/pulls/{number}");
        var branches = await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/branches");

        Assert.Equal("open", pull.GetProperty("state").GetString());
        Assert.Equal("Before the restart", Assert.Single(pull.GetProperty("comments").EnumerateArray()).GetProperty("text").GetString());
        Assert.True(pull.GetProperty("targetProtected").GetBoolean());
        Assert.True(branches.EnumerateArray().Single(b => b.GetProperty("name").GetString() == "main").GetProperty("protected").GetBoolean());
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/after.md") { Content = new StringContent("# After\n") };
        put.Headers.TryAddWithoutValidation("If-None-Match", "*");
        await Problem.Expect(await client.SendAsync(put), HttpStatusCode.Forbidden, "branch-protected");
        var merged = await client.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/merge", new { });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
    }
}
