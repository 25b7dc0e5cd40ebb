using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Api.Tests.Audit;

[Collection(ProductCollection.Name)]
public class AuditLogTests(ProductFixture product)
{
    static Task<HttpResponseMessage> SetRole(SignedInClient owner, string repo, string email, string role) =>
        owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{email}", new { role });

    [Fact]
    public async Task Writes_commits_and_member_changes_are_recorded_with_who_what_target_source_and_address()
    {
        var owner = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        (await SetRole(owner, repo, editor.Email, "editor")).EnsureSuccessStatusCode();

        // One write from a known client address (the test server lets the request carry one).
        var written = await product.Factory.Server.SendAsync(context =>
        {
            context.Request.Method = "PUT";
            context.Request.Path = $"/api/repos/{repo}/files/notes/audit.md";
            context.Request.Headers.Authorization = "Bearer " + editor.Tokens.AccessToken;
            context.Request.Headers.IfNoneMatch = "*";
            context.Request.Body = new MemoryStream("# audited\n"u8.ToArray());
            context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        Assert.Equal(200, written.Response.StatusCode);
        (await editor.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "Audited" })).EnsureSuccessStatusCode();
        // Reads and refused writes are not recorded.
        (await editor.Http.GetAsync($"/api/repos/{repo}/files/notes/audit.md")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await SetRole(editor, repo, owner.Email, "viewer")).StatusCode);

        var entries = (await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit"))!;

        Assert.Equal(["git.commit.post", "files.put", "members.put"], entries!.Select(e => e.GetProperty("action").GetString()));
        var write = entries[1];
        Assert.Equal(editor.Tokens.User.Id, write.GetProperty("actorId").GetString());
        Assert.Equal(editor.Name, write.GetProperty("actorName").GetString());
        Assert.Equal("notes/audit.md", write.GetProperty("target").GetString());
        Assert.Equal("api", write.GetProperty("source").GetString());
        Assert.Equal("203.0.113.7", write.GetProperty("clientAddress").GetString());
        Assert.Equal(editor.Email, entries[2].GetProperty("target").GetString());
        Assert.True(entries[0].GetProperty("sequence").GetInt64() > entries[1].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Owners_filter_and_export_the_log_and_nobody_else_reads_it()
    {
        var owner = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        (await SetRole(owner, repo, editor.Email, "editor")).EnsureSuccessStatusCode();
        var before = DateTimeOffset.UtcNow;
        await editor.CreateFile(repo, "notes/a.md", "a\n");
        await owner.CreateFile(repo, "notes/b.md", "b\n");
        await editor.CreateFile(repo, "notes/c.md", "c\n");

        var byEditor = (await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit?actor={editor.Tokens.User.Id}"))!;
        var files = (await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit?action=files."))!;
        var since = (await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit?since={Uri.EscapeDataString(before.ToString("O"))}"))!;
        var none = (await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit?until={Uri.EscapeDataString(before.AddDays(-1).ToString("O"))}"))!;
        var export = await owner.Http.GetAsync($"/api/repos/{repo}/audit/export");

        Assert.Equal(["notes/c.md", "notes/a.md"], byEditor!.Select(e => e.GetProperty("target").GetString()));
        Assert.Equal(3, files!.Length);
        Assert.Equal(3, since!.Length);
        Assert.Empty(none!);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["members.put", "files.put", "files.put", "files.put"], lines.Select(l => l.GetProperty("action").GetString()));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => (long)i), lines.Select(l => l.GetProperty("sequence").GetInt64()));

        await Problem.Expect(await editor.Http.GetAsync($"/api/repos/{repo}/audit"), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await editor.Http.GetAsync($"/api/repos/{repo}/audit/export"), HttpStatusCode.Forbidden, "access-denied");
    }

    [Fact]
    public async Task Hub_edits_are_recorded_once_per_minute_with_source_hub_and_token_events_in_the_account_log()
    {
        var owner = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        await owner.CreateFile(repo, "notes/live.md", "live\n");
        await using var hub = product.Factory.ConnectHub(owner);
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("OpenDocument", repo, "main", "notes/live.md");
        for (var version = 0L; version < 3; version++)
            await hub.InvokeAsync<JsonElement>("EditDocument", repo, "main", "notes/live.md", version, JsonDocument.Parse("[{\"insert\":\"x\"},{\"retain\":" + (5 + version) + "}]").RootElement);
        var token = await owner.Http.PostAsJsonAsync("/api/auth/tokens", new { name = "ci", scope = "read" });
        var tokenId = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await owner.Http.DeleteAsync($"/api/auth/tokens/{tokenId}")).EnsureSuccessStatusCode();

        var entries = (await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit?action=hub."))!;
        var account = (await owner.Http.GetFromJsonAsync<JsonElement[]>("/api/auth/audit"))!;

        var edit = Assert.Single(entries!);
        Assert.Equal("hub.EditDocument", edit.GetProperty("action").GetString());
        Assert.Equal("hub", edit.GetProperty("source").GetString());
        Assert.Equal("main notes/live.md", edit.GetProperty("target").GetString());
        Assert.Equal(["auth.tokens.delete", "auth.tokens.post", "repos.post"], account!.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(tokenId, account[0].GetProperty("target").GetString());
        // The token's secret is nowhere in the log.
        Assert.DoesNotContain("ckp_", string.Join('\n', account.Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task The_log_survives_a_restart_and_the_deletion_of_its_repository()
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-audit-" + Guid.NewGuid().ToString("N")[..8]);
        string repo;
        SignedInClient owner;
        await using (var first = new ContextKitFactory(data))
        {
            owner = await first.SignUp("auditor");
            repo = await owner.CreateRepository("empty");
            await owner.CreateFile(repo, "notes/kept.md", "kept\n");
        }
        await using var second = new ContextKitFactory(data);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", owner.Tokens.AccessToken);
        await (owner with { Http = client }).CreateFile(repo, "notes/after.md", "after\n");

        var entries = (await client.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/audit"))!;
        (await client.DeleteAsync($"/api/repos/{repo}")).EnsureSuccessStatusCode();

        Assert.Equal([2L, 1L], entries!.Select(e => e.GetProperty("sequence").GetInt64()));
        var segment = Assert.Single(Directory.GetFiles(Path.Combine(data, "audit"), "*.jsonl", SearchOption.AllDirectories),
            f => f.Contains(repo, StringComparison.Ordinal));
        var lines = File.ReadAllLines(segment);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"repository.delete\"", lines[2]);
    }
}
