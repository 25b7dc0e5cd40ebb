using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Git;

/// <summary>Damaged repositories on disk, and locks left behind by a crash.</summary>
[Collection(ProductCollection.Name)]
public class CorruptRepositoryTests(ProductFixture product)
{
    string GitDirectory(string repo) => Path.Combine(product.Factory.DataPath, "repos", repo, "repo.git");

    /// <summary>Overwrites every loose object of the repository with bytes git cannot inflate.</summary>
    void GarbleObjects(string repo)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(GitDirectory(repo), "objects"), "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
            File.WriteAllBytes(file, "this is not a zlib stream"u8.ToArray());
        }
    }

    [Fact]
    public async Task Garbled_objects_give_a_clear_error_for_that_repository_only()
    {
        var alice = await product.Factory.SignUp();
        var broken = await alice.CreateRepository(name: "Broken");
        var healthy = await alice.CreateRepository(name: "Healthy");
        GarbleObjects(broken);

        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{broken}/git/status"), HttpStatusCode.Conflict, "repository-corrupt");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{broken}/git/log"), HttpStatusCode.Conflict, "repository-corrupt");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{broken}/git/branches"), HttpStatusCode.Conflict, "repository-corrupt");

        await AssertStillWorks(alice, healthy);
        // The repository's record is intact: it is listed and can be deleted by its owner.
        var repos = await alice.Http.GetFromJsonAsync<JsonElement>("/api/repos");
        Assert.Contains(broken, repos.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_garbled_head_of_an_active_branch_gives_a_clear_error_and_other_repositories_keep_working()
    {
        var alice = await product.Factory.SignUp();
        var broken = await alice.CreateRepository(name: "Broken");
        var healthy = await alice.CreateRepository(name: "Healthy");
        await alice.CreateFile(broken, "notes/a.md", "# A\n");
        await alice.CreateFile(healthy, "notes/a.md", "# A\n");

        await File.WriteAllTextAsync(Path.Combine(GitDirectory(broken), "worktrees", "main", "HEAD"), "\u0001garbage that is not a ref\n");
        await File.WriteAllTextAsync(Path.Combine(GitDirectory(broken), "refs", "heads", "main"), "zzzz\n");

        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{broken}/git/status"), HttpStatusCode.Conflict, "repository-corrupt");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{broken}/git/log"), HttpStatusCode.Conflict, "repository-corrupt");
        await Problem.Expect(await alice.Http.PostAsJsonAsync($"/api/repos/{broken}/git/commit", new { message = "Try" }), HttpStatusCode.Conflict, "repository-corrupt");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{broken}/git/diff"), HttpStatusCode.Conflict, "repository-corrupt");

        await AssertStillWorks(alice, healthy);
    }

    static async Task AssertStillWorks(SignedInClient user, string repo)
    {
        await user.CreateFile(repo, "notes/still-fine.md", "# Fine\n");
        (await user.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Still fine" })).EnsureSuccessStatusCode();
        var log = await user.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log");
        Assert.Equal("Still fine", log[0].GetProperty("message").GetString());
    }
}

/// <summary>A crash leaves git's lock files behind; the next activation of the branch clears them.</summary>
public class StaleLockTests
{
    [Fact]
    public async Task Locks_left_by_a_crash_are_recovered_when_the_branch_next_activates()
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-locks-" + Guid.NewGuid().ToString("N")[..8]);
        string repo, accessToken;
        await using (var first = new ContextKitFactory(data))
        {
            var alice = await first.SignUp();
            repo = await alice.CreateRepository();
            await alice.CreateFile(repo, "notes/a.md", "# Before the crash\n");
            accessToken = alice.Tokens.AccessToken;
        }
        // What a process killed in the middle of a commit leaves: the index lock, the HEAD lock, the branch ref's lock.
        var git = Path.Combine(data, "repos", repo, "repo.git");
        await File.WriteAllTextAsync(Path.Combine(git, "worktrees", "main", "index.lock"), "half an index");
        await File.WriteAllTextAsync(Path.Combine(git, "worktrees", "main", "HEAD.lock"), "ref: refs/heads/main");
        var refLock = Path.Combine(git, "refs", "heads", "main.lock");
        await File.WriteAllTextAsync(refLock, "0000000000000000000000000000000000000000\n");
        File.SetLastWriteTimeUtc(refLock, DateTime.UtcNow.AddMinutes(-5));

        await using var second = new ContextKitFactory(data);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);

        var commit = await client.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "After the crash" });

        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log");
        Assert.Equal("After the crash", log[0].GetProperty("message").GetString());
        Assert.False(File.Exists(refLock));
    }
}
