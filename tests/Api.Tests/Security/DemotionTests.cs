using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Api.Tests.Security;

[Collection(ProductCollection.Name)]
public class DemotionTests(ProductFixture product)
{
    [Fact]
    public async Task An_editor_demoted_while_connected_can_no_longer_edit_over_the_open_hub_connection()
    {
        var owner = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        await owner.CreateFile(repo, "notes/live.md", "live\n");
        (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{editor.Email}", new { role = "editor" })).EnsureSuccessStatusCode();
        await using var hub = product.Factory.ConnectHub(editor);
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("OpenDocument", repo, "main", "notes/live.md");
        var edited = await hub.InvokeAsync<JsonElement>("EditDocument", repo, "main", "notes/live.md", 0L, Ops("[{\"insert\":\"a\"},{\"retain\":5}]"));

        (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{editor.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<JsonElement>("EditDocument", repo, "main", "notes/live.md", edited.GetProperty("version").GetInt64(), Ops("[{\"insert\":\"b\"},{\"retain\":6}]")));
        var text = await owner.Http.SavedTextOf(repo);

        Assert.Contains("access-denied: This needs the editor role", refused.Message);
        Assert.Equal("alive\n", text);
    }

    static JsonElement Ops(string json) => JsonDocument.Parse(json).RootElement;
}

static class LiveText
{
    /// <summary>The file once the live session has saved its first edit (sessions save shortly after the last edit).</summary>
    public static async Task<string> SavedTextOf(this HttpClient owner, string repo)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var text = await owner.GetStringAsync($"/api/repos/{repo}/files/notes/live.md");
            if (text != "live\n")
                return text;
            await Task.Delay(100);
        }
        return await owner.GetStringAsync($"/api/repos/{repo}/files/notes/live.md");
    }
}
