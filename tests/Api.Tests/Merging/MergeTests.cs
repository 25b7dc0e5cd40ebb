using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;
using static ContextKit.Api.Tests.Merging.Branches;

namespace ContextKit.Api.Tests.Merging;

[Collection(ProductCollection.Name)]
public class MergeTests(ProductFixture product)
{
    string Data => product.Factory.DataPath;

    [Fact]
    public async Task A_branch_ahead_of_the_target_is_fast_forwarded_and_the_target_sees_its_files_and_entities()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        var branchCommit = await CommitChange(alice, repo, "feature", Feature, "title: Tool catalogue and search", "title: Tool catalogue and map");

        var response = await Merge(alice, repo, "feature", "main");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(branchCommit, body.GetProperty("commit").GetString());
        Assert.Equal("fast-forward", body.GetProperty("kind").GetString());
        Assert.Equal(branchCommit, await Head(alice, repo, "main"));
        Assert.Contains("title: Tool catalogue and map", (await Read(alice, repo, "main", Feature)).Text);
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
        var entity = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities/FEAT-001");
        Assert.Equal("Tool catalogue and map", entity.GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Branches_that_both_moved_get_a_merge_commit_with_two_parents()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        var onFeature = await CommitChange(alice, repo, "feature", Feature, "status: done", "status: in-progress");
        var onMain = await CommitChange(alice, repo, "main", "contexts/features/FEAT-002-reservations-and-checkout.yaml", "status:", "priority: high\nstatus:");

        var response = await Merge(alice, repo, "feature", "main", message: "Bring the feature in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var merge = body.GetProperty("commit").GetString()!;
        Assert.Equal("merge", body.GetProperty("kind").GetString());
        Assert.Equal([onMain, onFeature], Parents(Data, repo, merge));
        Assert.Equal(merge, await Head(alice, repo, "main"));
        Assert.Contains("status: in-progress", (await Read(alice, repo, "main", Feature)).Text);
        Assert.Contains("priority: high", (await Read(alice, repo, "main", "contexts/features/FEAT-002-reservations-and-checkout.yaml")).Text);
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
        var log = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log?limit=1");
        Assert.Equal("Bring the feature in", log[0].GetProperty("message").GetString());
        // The feature branch itself is untouched by merging it elsewhere.
        Assert.Equal(onFeature, await Head(alice, repo, "feature"));
    }

    [Fact]
    public async Task Files_added_and_deleted_on_the_source_are_added_and_deleted_in_the_target_and_its_entities()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        const string task = "contexts/tasks/T-006-choose-an-sms-provider.yaml";
        await Create(alice, repo, "cleanup");
        var (_, etag) = await Read(alice, repo, "cleanup", task);
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/repos/{repo}/files/{task}?branch=cleanup");
        delete.Headers.TryAddWithoutValidation("If-Match", etag);
        (await alice.Http.SendAsync(delete)).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, "notes/decision.md", "# SMS provider: none for now\n", "cleanup");
        await Commit(alice, repo, "cleanup", "Drop the SMS task");
        await CommitChange(alice, repo, "main", Feature, "status: done", "status: in-progress");
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync($"/api/repos/{repo}/entities/T-006")).StatusCode);

        var response = await Merge(alice, repo, "cleanup", "main");

        Assert.Equal("merge", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/{task}"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/entities/T-006"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal("# SMS provider: none for now\n", (await Read(alice, repo, "main", "notes/decision.md")).Text);
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task A_conflict_answers_409_with_the_paths_and_three_versions_and_leaves_the_target_untouched()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Diverge(alice, repo, "first", "second");
        (await Merge(alice, repo, "first", "main")).EnsureSuccessStatusCode();
        var headBefore = await Head(alice, repo, "main");
        var fileBefore = await Read(alice, repo, "main", Feature);

        var problem = await Problem.Expect(await Merge(alice, repo, "second", "main"), HttpStatusCode.Conflict, "merge-conflict");

        var conflict = Assert.Single(problem.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(Feature, conflict.GetProperty("path").GetString());
        Assert.Contains("title: Tool catalogue and search", conflict.GetProperty("base").GetString());
        Assert.Contains("title: Tool catalogue, search and map", conflict.GetProperty("ours").GetString());
        Assert.Contains("title: Tool catalogue with filters", conflict.GetProperty("theirs").GetString());
        Assert.Contains("<<<<<<< main\n", conflict.GetProperty("merged").GetString());
        Assert.Contains(">>>>>>> second\n", conflict.GetProperty("merged").GetString());
        Assert.Equal(headBefore, await Head(alice, repo, "main"));
        Assert.Equal(fileBefore, await Read(alice, repo, "main", Feature));
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
    }

    [Theory]
    [InlineData("ours", "title: Tool catalogue, search and map")]
    [InlineData("theirs", "title: Tool catalogue with filters")]
    [InlineData("text", "title: Tool catalogue with map and filters")]
    public async Task Resolving_each_conflict_completes_the_merge_as_one_commit_with_two_parents(string take, string expected)
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Diverge(alice, repo, "first", "second");
        (await Merge(alice, repo, "first", "main")).EnsureSuccessStatusCode();
        var mainBefore = await Head(alice, repo, "main");
        var second = await Head(alice, repo, "second");
        var merged = (await Read(alice, repo, "first", Feature)).Text.Replace("title: Tool catalogue, search and map", "title: Tool catalogue with map and filters");

        var response = await Merge(alice, repo, "second", "main",
            [new { path = Feature, take, text = take == "text" ? merged : null }]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var commit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString()!;
        Assert.Equal([mainBefore, second], Parents(Data, repo, commit));
        Assert.Equal(commit, await Head(alice, repo, "main"));
        Assert.Contains(expected, (await Read(alice, repo, "main", Feature)).Text);
        Assert.DoesNotContain("<<<<<<<", (await Read(alice, repo, "main", Feature)).Text);
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
        // One commit: the merge, directly on top of what main was.
        Assert.Equal(mainBefore, RunGit(Data, repo, "rev-parse", commit + "^1").Trim());
    }

    [Fact]
    public async Task Merging_a_branch_into_itself_is_a_bad_request_and_unknown_branches_are_not_found()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        await Problem.Expect(await Merge(alice, repo, "main", "main"), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await Merge(alice, repo, "nowhere", "main"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await Merge(alice, repo, "main", "nowhere"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await Merge(alice, repo, "", "main"), HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task A_bad_resolution_is_refused_and_nothing_changes()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Diverge(alice, repo, "first", "second");
        (await Merge(alice, repo, "first", "main")).EnsureSuccessStatusCode();
        var head = await Head(alice, repo, "main");

        await Problem.Expect(await Merge(alice, repo, "second", "main", [new { path = Feature, take = "mine" }]), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await Merge(alice, repo, "second", "main", [new { path = Feature, take = "text" }]), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await Merge(alice, repo, "second", "main", [new { path = "../escape", take = "ours" }]), HttpStatusCode.BadRequest, "invalid-path");
        await Problem.Expect(await Merge(alice, repo, "second", "main", [new { take = "ours" }]), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await Merge(alice, repo, "second", "main", [null!]), HttpStatusCode.BadRequest, "bad-request");
        // A resolution for another path leaves the real conflict open.
        await Problem.Expect(await Merge(alice, repo, "second", "main", [new { path = "README.md", take = "ours" }]), HttpStatusCode.Conflict, "merge-conflict");
        Assert.Equal(head, await Head(alice, repo, "main"));
    }

    [Fact]
    public async Task Uncommitted_changes_on_paths_the_merge_touches_are_listed_in_a_409_and_kept()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        await CommitChange(alice, repo, "feature", Feature, "status: done", "status: in-progress");
        var (text, etag) = await Read(alice, repo, "main", Feature);
        var edited = text + "# someone is still writing here\n";
        (await alice.PutFile(repo, Feature, edited, etag)).EnsureSuccessStatusCode();
        var head = await Head(alice, repo, "main");

        var problem = await Problem.Expect(await Merge(alice, repo, "feature", "main"), HttpStatusCode.Conflict, "uncommitted-changes");

        Assert.Equal([Feature], problem.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(edited, (await Read(alice, repo, "main", Feature)).Text);
        Assert.Equal(head, await Head(alice, repo, "main"));
    }

    [Fact]
    public async Task Uncommitted_changes_elsewhere_stay_in_the_working_tree_through_a_merge()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        await CommitChange(alice, repo, "feature", Feature, "status: done", "status: in-progress");
        await alice.CreateFile(repo, "notes/draft.md", "# Not committed yet\n");

        (await Merge(alice, repo, "feature", "main")).EnsureSuccessStatusCode();

        var change = Assert.Single((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
        Assert.Equal("notes/draft.md", change.GetProperty("path").GetString());
        Assert.Equal("# Not committed yet\n", (await Read(alice, repo, "main", "notes/draft.md")).Text);
    }

    [Fact]
    public async Task Merging_what_the_target_already_has_changes_nothing()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "behind");
        var head = await CommitChange(alice, repo, "main", Feature, "status: done", "status: in-progress");

        var response = await Merge(alice, repo, "behind", "main");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("up-to-date", body.GetProperty("kind").GetString());
        Assert.Equal(head, body.GetProperty("commit").GetString());
        Assert.Equal(head, await Head(alice, repo, "main"));
    }

    [Fact]
    public async Task Concurrent_merges_and_a_commit_on_one_branch_are_serialised_and_all_land()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var features = new[] { "FEAT-001-tool-catalogue-and-search", "FEAT-002-reservations-and-checkout", "FEAT-003-due-date-reminders" };
        for (var i = 0; i < 3; i++)
        {
            await Create(alice, repo, $"b{i}");
            await CommitChange(alice, repo, $"b{i}", $"contexts/features/{features[i]}.yaml", "status:", $"priority: p{i}\nstatus:");
        }
        await alice.CreateFile(repo, "notes/concurrent.md", "# Written on main\n");

        var merges = Enumerable.Range(0, 3).Select(i => Merge(alice, repo, $"b{i}", "main")).ToList();
        var commit = alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { branch = "main", message = "Meanwhile on main", paths = new[] { "notes/concurrent.md" } });
        var responses = await Task.WhenAll([.. merges, commit]);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        for (var i = 0; i < 3; i++)
            Assert.Contains($"priority: p{i}", (await Read(alice, repo, "main", $"contexts/features/{features[i]}.yaml")).Text);
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
        // Every merge and the commit are in main's history, one after the other.
        var history = RunGit(Data, repo, "rev-list", "--first-parent", "main").Trim().Split('\n');
        foreach (var response in responses)
            Assert.Contains((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString(), history);
    }

    [Fact]
    public async Task A_merge_goes_out_on_the_change_feed_with_the_paths_it_changed()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        await CommitChange(alice, repo, "feature", Feature, "status: done", "status: in-progress");

        var commit = (await (await Merge(alice, repo, "feature", "main")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString();

        var events = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events");
        var merged = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "git.merged");
        Assert.Equal("main", merged.GetProperty("branch").GetString());
        Assert.Equal(commit, merged.GetProperty("commit").GetString());
        Assert.Equal([Feature], merged.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_live_document_open_on_the_target_receives_the_merged_text()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        await CommitChange(alice, repo, "feature", Feature, "status: done", "status: in-progress");
        await using var hub = product.Factory.ConnectHub(alice);
        var changed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("DocumentChanged", message => changed.TrySetResult(message.Clone()));
        await hub.StartAsync();
        var opened = await hub.InvokeAsync<JsonElement>("OpenDocument", repo, "main", Feature);

        (await Merge(alice, repo, "feature", "main")).EnsureSuccessStatusCode();

        var edit = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var text = ContextKit.Domain.Collaboration.TextOperation.Parse(edit.GetProperty("ops")).Apply(opened.GetProperty("text").GetString()!);
        Assert.Equal(opened.GetProperty("version").GetInt64() + 1, edit.GetProperty("version").GetInt64());
        Assert.Equal((await Read(alice, repo, "main", Feature)).Text, text);
        Assert.Contains("status: in-progress", text);
    }

    [Fact]
    public async Task Viewers_cannot_merge()
    {
        var alice = await product.Factory.SignUp();
        var victor = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "feature");
        await CommitChange(alice, repo, "feature", Feature, "status: done", "status: in-progress");
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{victor.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();
        var head = await Head(alice, repo, "main");

        await Problem.Expect(await Merge(victor, repo, "feature", "main"), HttpStatusCode.Forbidden, "access-denied");
        Assert.Equal(head, await Head(alice, repo, "main"));
    }
}
