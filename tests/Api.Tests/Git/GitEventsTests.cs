using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Git;

/// <summary>Every git change goes out on the repository's change feed, with its branch and commit.</summary>
[Collection(ProductCollection.Name)]
public class GitEventsTests(ProductFixture product)
{
    [Fact]
    public async Task Commits_discards_and_branch_changes_are_on_the_change_feed()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var since = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events")).EnumerateArray().Max(e => e.GetProperty("sequence").GetInt64());

        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name = "topic" })).EnsureSuccessStatusCode();
        await alice.CreateFile(repo, "notes/kept.md", "# Kept\n", "topic");
        await alice.CreateFile(repo, "notes/dropped.md", "# Dropped\n", "topic");
        var commit = (await (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { branch = "topic", message = "Keep", paths = new[] { "notes/kept.md" } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString();
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/discard", new { branch = "topic", paths = new[] { "notes/dropped.md" } })).EnsureSuccessStatusCode();
        (await alice.Http.DeleteAsync($"/api/repos/{repo}/git/branches/topic")).EnsureSuccessStatusCode();

        var events = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events?since={since}")).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString()!.StartsWith("git.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["git.branch.created", "git.committed", "git.discarded", "git.branch.deleted"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(events, e => Assert.Equal("topic", e.GetProperty("branch").GetString()));
        Assert.All(events, e => Assert.Equal(alice.Tokens.User.Id, e.GetProperty("actor").GetString()));
        Assert.Equal(commit, events[1].GetProperty("commit").GetString());
        Assert.Equal(["notes/kept.md"], events[1].GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["notes/dropped.md"], events[2].GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.False(string.IsNullOrEmpty(events[0].GetProperty("commit").GetString()));
    }
}
