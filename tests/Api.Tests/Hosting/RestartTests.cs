using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Hosting;

public class RestartTests
{
    [Fact]
    public async Task A_restart_keeps_users_repositories_tokens_working_changes_and_commits()
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-restart-" + Guid.NewGuid().ToString("N")[..8]);
        string repo, commit, accessToken, refreshToken;
        SignedInClient alice;
        await using (var first = new ContextKitFactory(data))
        {
            alice = await first.SignUp("restart");
            repo = await alice.CreateRepository();
            var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/a.md") { Content = new StringContent("# Committed\n") };
            put.Headers.TryAddWithoutValidation("If-None-Match", "*");
            (await alice.Http.SendAsync(put)).EnsureSuccessStatusCode();
            commit = (await (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Before restart" }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString()!;
            var pending = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/b.md") { Content = new StringContent("# Not yet committed\n") };
            pending.Headers.TryAddWithoutValidation("If-None-Match", "*");
            (await alice.Http.SendAsync(pending)).EnsureSuccessStatusCode();
            accessToken = alice.Tokens.AccessToken;
            refreshToken = alice.Tokens.RefreshToken;
        }

        await using var second = new ContextKitFactory(data);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var repos = await client.GetFromJsonAsync<JsonElement>("/api/repos");
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log");
        var status = await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status");
        var refreshed = await second.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        var signIn = await ContextKitFactory.SignIn(second.CreateClient(), alice.Email, alice.Password);
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/events");

        Assert.Equal(repo, Assert.Single(repos.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(commit, log[0].GetProperty("commit").GetString());
        var change = Assert.Single(status.GetProperty("changes").EnumerateArray());
        Assert.Equal("notes/b.md", change.GetProperty("path").GetString());
        Assert.Equal("restart", change.GetProperty("editors")[0].GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(alice.Tokens.User.Id, signIn.User.Id);
        Assert.Equal(4, events.GetArrayLength());
    }

    [Fact]
    public async Task A_corrupt_grain_state_file_stops_start_up_with_a_message_naming_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-corrupt-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var first = new ContextKitFactory(data))
            await first.SignUp();
        var victim = Directory.GetFiles(Path.Combine(data, "grains"), "*.state.json", SearchOption.AllDirectories).First();
        await File.WriteAllTextAsync(victim, "{ half a file");

        await using var second = new ContextKitFactory(data);
        var failure = Assert.ThrowsAny<Exception>(() => second.CreateClient());

        Assert.Contains(victim, Flatten(failure));
        Assert.Equal("{ half a file", await File.ReadAllTextAsync(victim));
    }

    static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
