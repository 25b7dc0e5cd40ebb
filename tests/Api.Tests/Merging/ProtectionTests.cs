using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static ContextKit.Api.Tests.Merging.Branches;

namespace ContextKit.Api.Tests.Merging;

[Collection(ProductCollection.Name)]
public class ProtectionTests(ProductFixture product)
{
    static Task<HttpResponseMessage> Protect(SignedInClient user, string repo, string branch) =>
        user.Http.PutAsync($"/api/repos/{repo}/git/protected-branches/{branch}", null);

    /// <summary>An owner (alice) and an editor (erin) of a repository whose main is protected.</summary>
    async Task<(SignedInClient Owner, SignedInClient Editor, string Repo)> ProtectedMain()
    {
        var alice = await product.Factory.SignUp();
        var erin = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{erin.Email}", new { role = "editor" })).EnsureSuccessStatusCode();
        await Create(alice, repo, "work");
        Assert.Equal(HttpStatusCode.NoContent, (await Protect(alice, repo, "main")).StatusCode);
        return (alice, erin, repo);
    }

    [Fact]
    public async Task Only_owners_protect_branches_and_the_branch_list_says_which_are()
    {
        var (alice, erin, repo) = await ProtectedMain();

        await Problem.Expect(await Protect(erin, repo, "work"), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await erin.Http.DeleteAsync($"/api/repos/{repo}/git/protected-branches/main"), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await Protect(alice, repo, "nowhere"), HttpStatusCode.NotFound, "not-found");

        var branches = await erin.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/branches");
        Assert.True(branches.EnumerateArray().Single(b => b.GetProperty("name").GetString() == "main").GetProperty("protected").GetBoolean());
        Assert.False(branches.EnumerateArray().Single(b => b.GetProperty("name").GetString() == "work").GetProperty("protected").GetBoolean());
        Assert.Equal(["main"], (await erin.Http.GetFromJsonAsync<string[]>($"/api/repos/{repo}/git/protected-branches"))!);
        var events = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "git.branch.protection" && e.GetProperty("branch").GetString() == "main");
    }

    [Fact]
    public async Task A_protected_branch_refuses_direct_writes_commits_merges_and_deletion()
    {
        var (alice, erin, repo) = await ProtectedMain();
        await CommitChange(erin, repo, "work", Feature, "status: done", "status: in-progress");
        var head = await Head(alice, repo, "main");
        var (_, etag) = await Read(erin, repo, "main", Feature);

        await Problem.Expect(await erin.PutFile(repo, "notes/direct.md", "# Direct\n"), HttpStatusCode.Forbidden, "branch-protected");
        await Problem.Expect(await alice.PutFile(repo, Feature, "id: FEAT-001\n", etag), HttpStatusCode.Forbidden, "branch-protected");
        await Problem.Expect(await erin.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", new { type = "task", data = new { title = "Direct", status = "todo" } }),
            HttpStatusCode.Forbidden, "branch-protected");
        await Problem.Expect(await erin.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { branch = "main", message = "Direct" }), HttpStatusCode.Forbidden, "branch-protected");
        await Problem.Expect(await Merge(erin, repo, "work", "main"), HttpStatusCode.Forbidden, "branch-protected");
        await Problem.Expect(await Merge(alice, repo, "work", "main"), HttpStatusCode.Forbidden, "branch-protected");

        Assert.Equal(head, await Head(alice, repo, "main"));
        Assert.Empty((await Status(alice, repo, "main")).GetProperty("changes").EnumerateArray());
        // Lifting the protection lets the same merge through.
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/repos/{repo}/git/protected-branches/main")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Merge(erin, repo, "work", "main")).StatusCode);
    }

    [Fact]
    public async Task Live_editing_a_file_of_a_protected_branch_is_refused()
    {
        var (_, erin, repo) = await ProtectedMain();
        await using var hub = product.Factory.ConnectHub(erin);
        await hub.StartAsync();
        var opened = await hub.InvokeAsync<JsonElement>("OpenDocument", repo, "main", Feature);

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("EditDocument", repo, "main", Feature,
            opened.GetProperty("version").GetInt64(), new object[] { new { insert = "# edited live\n" }, new { retain = opened.GetProperty("text").GetString()!.Length } }));

        Assert.Contains("branch-protected", refused.Message);
        Assert.DoesNotContain("# edited live", (await Read(erin, repo, "main", Feature)).Text);
    }

    [Fact]
    public async Task A_pull_request_into_a_protected_branch_merges_only_when_its_source_validates_and_only_by_an_owner()
    {
        var (alice, erin, repo) = await ProtectedMain();
        await erin.CreateFile(repo, "contexts/tasks/T-099-broken.yaml", "id: T-099\ntitle: [unclosed\n", "work");
        await Commit(erin, repo, "work", "Add a broken task");
        var opened = await erin.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls", new { source = "work", target = "main", title = "Broken" });
        var number = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();
        var head = await Head(alice, repo, "main");

        await Problem.Expect(await erin.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/merge", new { }), HttpStatusCode.Forbidden, "access-denied");
        var refused = await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/merge", new { }), (HttpStatusCode)422, "validation-failed");
        Assert.True(refused.GetProperty("totalErrors").GetInt32() > 0);
        Assert.Equal(head, await Head(alice, repo, "main"));

        // Fixed on the branch (deleting the broken task), the same pull request merges.
        var (_, etag) = await Read(erin, repo, "work", "contexts/tasks/T-099-broken.yaml");
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/repos/{repo}/files/contexts/tasks/T-099-broken.yaml?branch=work");
        delete.Headers.TryAddWithoutValidation("If-Match", etag);
        (await erin.Http.SendAsync(delete)).EnsureSuccessStatusCode();
        await CommitChange(erin, repo, "work", Feature, "status: done", "status: in-progress");
        var merged = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/pulls/{number}/merge", new { });

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Contains("status: in-progress", (await Read(alice, repo, "main", Feature)).Text);
        Assert.Equal("merged", (await merged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_protected_branch_cannot_be_deleted_until_its_protection_is_lifted()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Create(alice, repo, "release");
        (await Protect(alice, repo, "release")).EnsureSuccessStatusCode();

        await Problem.Expect(await alice.Http.DeleteAsync($"/api/repos/{repo}/git/branches/release"), HttpStatusCode.Forbidden, "branch-protected");
        (await alice.Http.DeleteAsync($"/api/repos/{repo}/git/protected-branches/release")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/repos/{repo}/git/branches/release")).StatusCode);
    }
}
