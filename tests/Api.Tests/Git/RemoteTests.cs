using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using ContextKit.Grains.Git;

namespace ContextKit.Api.Tests.Git;

/// <summary>An upstream remote: a real bare repository under the allowed file:// folder, changed by a real git clone.</summary>
[Collection(ProductCollection.Name)]
public class RemoteTests(ProductFixture product)
{
    [Fact]
    public async Task Push_then_pull_changes_made_upstream_fast_forwards_the_branch()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var upstream = Upstream.Create();
        await Configure(alice, repo, upstream.Url);

        var pushed = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { branch = "main" });
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        var head = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log"))[0].GetProperty("commit").GetString();
        Assert.Equal(head, upstream.Head("main"));

        var upstreamCommit = upstream.CommitFile("main", "notes/from-upstream.md", "# Written elsewhere\n", "Upstream note");
        await alice.CreateFile(repo, "notes/local-draft.md", "# Not committed\n");
        var pull = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { branch = "main" });

        var result = await pull.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        Assert.Equal("fast-forwarded", result.GetProperty("outcome").GetString());
        Assert.Equal(upstreamCommit, result.GetProperty("head").GetString());
        Assert.Equal(["notes/from-upstream.md"], result.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("# Written elsewhere\n", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/notes/from-upstream.md"));
        var status = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status");
        Assert.Equal(upstreamCommit, status.GetProperty("head").GetString());
        Assert.Equal("notes/local-draft.md", Assert.Single(status.GetProperty("changes").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal(0, status.GetProperty("behind").GetInt32());

        var again = await (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("up-to-date", again.GetProperty("outcome").GetString());

        var events = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events");
        var kinds = events.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("git.remote.changed", kinds);
        Assert.Contains("git.pushed", kinds);
        var pulled = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "git.pulled");
        Assert.Equal(upstreamCommit, pulled.GetProperty("commit").GetString());
    }

    [Fact]
    public async Task Diverged_histories_give_409_on_pull_and_push_and_nothing_moves()
    {
        var (alice, repo, upstream) = await PushedToUpstream();
        var upstreamHead = upstream.CommitFile("main", "notes/theirs.md", "# Theirs\n", "Their change");
        await alice.CreateFile(repo, "notes/ours.md", "# Ours\n");
        var ours = (await (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Our change" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString();

        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { }), HttpStatusCode.Conflict, "push-rejected");
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { }), HttpStatusCode.Conflict, "pull-diverged");

        Assert.Equal(upstreamHead, upstream.Head("main"));
        var status = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status");
        Assert.Equal(ours, status.GetProperty("head").GetString());
        Assert.Equal(1, status.GetProperty("ahead").GetInt32());
        Assert.Equal(1, status.GetProperty("behind").GetInt32());
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/notes/theirs.md"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Working_changes_that_a_pull_would_overwrite_stop_it_with_a_clear_409()
    {
        var (alice, repo, upstream) = await PushedToUpstream();
        upstream.CommitFile("main", "README.md", "# Upstream readme\n", "Readme upstream");
        await alice.ChangeFile(repo, "README.md", _ => "# My unsaved readme\n");

        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { }), HttpStatusCode.Conflict, "working-changes-in-the-way");

        Assert.Equal("# My unsaved readme\n", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/README.md"));
    }

    [Fact]
    public async Task An_unreachable_remote_and_a_missing_remote_give_clear_errors()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { }), HttpStatusCode.Conflict, "remote-not-configured");

        await Configure(alice, repo, new Uri(Path.Combine(ContextKitFactory.CloneRoot, "nothing-here-" + Guid.NewGuid().ToString("N")[..6] + ".git")).AbsoluteUri);

        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { }), HttpStatusCode.BadGateway, "remote-unreachable");
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { }), HttpStatusCode.BadGateway, "remote-unreachable");
        // The repository itself is unharmed.
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync($"/api/repos/{repo}/git/status")).StatusCode);
    }

    [Fact]
    public async Task Remote_urls_follow_the_clone_url_policy()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        foreach (var url in new[] { "file:///etc/", "ssh://git@example.com/x.git", "ext::sh -c touch% /tmp/pwned", "https://user:pass@example.com/x.git", "not a url" })
            await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/remote", new { url }), HttpStatusCode.BadRequest, "bad-request");
        var remote = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/remote");
        Assert.Equal(JsonValueKind.Null, remote.GetProperty("url").ValueKind);
    }

    [Fact]
    public async Task Owners_configure_editors_pull_and_push_viewers_neither()
    {
        var alice = await product.Factory.SignUp();
        var bob = await product.Factory.SignUp();
        var carol = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{bob.Email}", new { role = "editor" })).EnsureSuccessStatusCode();
        (await alice.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{carol.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();
        var upstream = Upstream.Create();

        await Problem.Expect(await bob.Http.PostAsJsonAsync($"/api/repos/{repo}/git/remote", new { url = upstream.Url }), HttpStatusCode.Forbidden, "access-denied");
        await Configure(alice, repo, upstream.Url);
        Assert.Equal(HttpStatusCode.OK, (await bob.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { })).StatusCode);
        await Problem.Expect(await carol.Http.PostAsJsonAsync($"/api/repos/{repo}/git/pull", new { }), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await carol.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { }), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await carol.Http.GetAsync($"/api/repos/{repo}/git/remote"), HttpStatusCode.Forbidden, "access-denied");
    }

    /// <summary>A new repository whose main branch is pushed to a new upstream.</summary>
    async Task<(SignedInClient Owner, string Repo, Upstream Upstream)> PushedToUpstream()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var upstream = Upstream.Create();
        await Configure(alice, repo, upstream.Url);
        (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { })).EnsureSuccessStatusCode();
        return (alice, repo, upstream);
    }

    static async Task Configure(SignedInClient owner, string repo, string url, string? token = null) =>
        (await owner.Http.PostAsJsonAsync($"/api/repos/{repo}/git/remote", new { url, token })).EnsureSuccessStatusCode();
}

/// <summary>The token is stored encrypted, never shown, and still readable after a restart (keys under the data folder).</summary>
public class RemoteTokenTests
{
    const string Token = "ghp_the-secret-token-9f8e7d";

    [Fact]
    public async Task The_token_is_never_shown_nor_stored_in_clear_and_survives_a_restart_but_not_lost_keys()
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-remote-" + Guid.NewGuid().ToString("N")[..8]);
        var upstream = Upstream.Create();
        string repo, accessToken;
        await using (var first = new ContextKitFactory(data))
        {
            var alice = await first.SignUp();
            repo = await alice.CreateRepository();
            var configured = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/remote", new { url = upstream.Url, token = Token });
            var body = await configured.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
            Assert.DoesNotContain(Token, body);
            var shown = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/remote");
            Assert.True(shown.GetProperty("tokenSet").GetBoolean());
            Assert.Equal(upstream.Url, shown.GetProperty("url").GetString());
            Assert.DoesNotContain(Token, shown.GetRawText());
            (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { })).EnsureSuccessStatusCode();
            accessToken = alice.Tokens.AccessToken;
        }
        // Not in any file under the data folder: grain state, keys, repositories.
        foreach (var file in Directory.GetFiles(data, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(Token, await File.ReadAllTextAsync(file));

        await using (var second = new ContextKitFactory(data))
        {
            var client = Client(second, accessToken);
            // Pushing needs the decrypted token: the keys were kept under the data folder.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { })).StatusCode);
            Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/remote")).GetProperty("tokenSet").GetBoolean());
        }

        Directory.Delete(Path.Combine(data, "keys", "data-protection"), recursive: true);
        await using var third = new ContextKitFactory(data);
        var lost = Client(third, accessToken);
        await Problem.Expect(await lost.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { }), HttpStatusCode.Conflict, "remote-token-unreadable");
        // Setting it again (or removing it with an empty token) recovers.
        (await lost.PostAsJsonAsync($"/api/repos/{repo}/git/remote", new { url = upstream.Url, token = "" })).EnsureSuccessStatusCode();
        Assert.False((await lost.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/remote")).GetProperty("tokenSet").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await lost.PostAsJsonAsync($"/api/repos/{repo}/git/push", new { })).StatusCode);
    }

    static HttpClient Client(ContextKitFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

/// <summary>A bare repository below the allowed clone folder, and a scratch clone to change it as someone else would.</summary>
sealed class Upstream
{
    public required string Path { get; init; }

    public string Url => new Uri(Path).AbsoluteUri;

    public static Upstream Create()
    {
        var path = System.IO.Path.Combine(ContextKitFactory.CloneRoot, "upstream-" + Guid.NewGuid().ToString("N")[..8] + ".git");
        GitCommandLine.Run(ContextKitFactory.CloneRoot, "init", "--bare", "--quiet", path);
        return new Upstream { Path = path };
    }

    public string? Head(string branch)
    {
        var (exitCode, output, _) = GitCommandLine.Execute(Path, ["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], null);
        return exitCode == 0 ? output.Trim() : null;
    }

    /// <summary>Commits one file on <paramref name="branch"/> from a fresh clone and pushes it; returns the commit.</summary>
    public string CommitFile(string branch, string file, string content, string message)
    {
        var clone = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ck-upstream-clone-" + Guid.NewGuid().ToString("N")[..8]);
        GitCommandLine.Run(System.IO.Path.GetTempPath(), "clone", "--quiet", "--branch", branch, Path, clone);
        var target = System.IO.Path.Combine(clone, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllText(target, content);
        GitCommandLine.Run(clone, "add", "--", file);
        GitCommandLine.Run(clone, "-c", "user.name=Upstream", "-c", "user.email=upstream@example.com", "commit", "--quiet", "-m", message);
        GitCommandLine.Run(clone, "push", "--quiet", "origin", branch);
        return GitCommandLine.Run(clone, "rev-parse", "HEAD").Trim();
    }
}
