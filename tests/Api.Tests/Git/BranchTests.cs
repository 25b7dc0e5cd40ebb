using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Git;

[Collection(ProductCollection.Name)]
public class BranchTests(ProductFixture product)
{
    [Fact]
    public async Task Branches_have_their_own_working_trees()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var created = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name = "feature/offline-sync" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await alice.CreateFile(repo, "notes/only-on-branch.md", "# Branch work\n", "feature/offline-sync");

        var onBranch = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status?branch=feature/offline-sync");
        var onMain = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status");
        var branches = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/branches");

        Assert.Single(onBranch.GetProperty("changes").EnumerateArray());
        Assert.Empty(onMain.GetProperty("changes").EnumerateArray());
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/notes/only-on-branch.md"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(["feature/offline-sync", "main"], branches.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(branches[0].GetProperty("head").GetString(), branches[1].GetProperty("head").GetString());
    }

    [Fact]
    public async Task Entity_ids_never_collide_across_branches()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name = "other" })).EnsureSuccessStatusCode();
        // A task written by hand on the other branch, with a number the allocator has never handed out.
        await alice.CreateFile(repo, "contexts/tasks/T-040.yaml", "id: T-040\ntitle: Hand made\nstatus: todo\nowner: \"@a\"\n", branch: "other");

        var onMain = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", new { type = "task", data = new { title = "On main", status = "todo" } });
        var onOther = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", new { type = "task", branch = "other", data = new { title = "On other", status = "todo" } });

        Assert.Equal("T-041", (await onMain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal("T-042", (await onOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("a..b")]
    [InlineData("has space")]
    [InlineData("main")]
    [InlineData("..")]
    [InlineData("topic@{1}")]
    [InlineData("@")]
    [InlineData("release.lock")]
    [InlineData("-leading-dash")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("feature/.hidden")]
    [InlineData("ends/")]
    [InlineData("colon:name")]
    public async Task Bad_or_taken_branch_names_are_refused(string name)
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var response = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"got {(int)response.StatusCode}");
        // Nothing was made: the repository still has its one branch.
        var branches = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/branches");
        Assert.Equal(["main"], branches.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_branch_with_uncommitted_work_is_not_deleted_by_accident_and_the_default_never()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name = "scratch" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, "notes/wip.md", "# Work in progress\n", "scratch");

        await Problem.Expect(await alice.Http.DeleteAsync($"/api/repos/{repo}/git/branches/scratch"), HttpStatusCode.Conflict, "conflict");
        await Problem.Expect(await alice.Http.DeleteAsync($"/api/repos/{repo}/git/branches/main"), HttpStatusCode.Conflict, "conflict");
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/repos/{repo}/git/branches/scratch?force=true")).StatusCode);

        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/tree?branch=scratch"), HttpStatusCode.NotFound, "not-found");
        Assert.False(Directory.Exists(Path.Combine(product.Factory.DataPath, "repos", repo, "worktrees", "scratch")));
    }
}
