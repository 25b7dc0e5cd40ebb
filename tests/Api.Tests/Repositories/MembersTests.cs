using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Repositories;

[Collection(ProductCollection.Name)]
public class MembersTests(ProductFixture product)
{
    static Task<HttpResponseMessage> SetRole(SignedInClient owner, string repo, string email, string role) =>
        owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{email}", new { role });

    [Fact]
    public async Task A_viewer_reads_but_cannot_write_and_an_editor_can()
    {
        var owner = await product.Factory.SignUp();
        var viewer = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        (await SetRole(owner, repo, viewer.Email, "viewer")).EnsureSuccessStatusCode();
        (await SetRole(owner, repo, editor.Email, "editor")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync($"/api/repos/{repo}/files/README.md")).StatusCode);
        Assert.Equal("viewer", Assert.Single((await viewer.Http.GetFromJsonAsync<JsonElement>("/api/repos")).EnumerateArray()).GetProperty("role").GetString());
        var refused = await Problem.Expect(await viewer.PutFile(repo, "notes/viewer.md", "# note\n"), HttpStatusCode.Forbidden, "access-denied");
        Assert.Contains("editor role", refused.GetProperty("detail").GetString());
        await Problem.Expect(await viewer.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { message = "x" }), HttpStatusCode.Forbidden, "access-denied");
        Assert.Equal(HttpStatusCode.OK, (await editor.PutFile(repo, "notes/editor.md", "# note\n")).StatusCode);
        await Problem.Expect(await SetRole(editor, repo, viewer.Email, "owner"), HttpStatusCode.Forbidden, "access-denied");
    }

    [Fact]
    public async Task A_role_change_takes_effect_on_the_next_request()
    {
        var owner = await product.Factory.SignUp();
        var member = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        (await SetRole(owner, repo, member.Email, "editor")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await member.PutFile(repo, "notes/before.md", "# note\n")).StatusCode);

        (await SetRole(owner, repo, member.Email, "viewer")).EnsureSuccessStatusCode();

        await Problem.Expect(await member.PutFile(repo, "notes/after.md", "# note\n"), HttpStatusCode.Forbidden, "access-denied");
    }

    [Fact]
    public async Task An_invited_email_becomes_a_member_when_it_registers()
    {
        var owner = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        var name = "invitee" + Guid.NewGuid().ToString("N")[..6];

        var invited = await (await SetRole(owner, repo, $"{name}@example.com", "editor")).Content.ReadFromJsonAsync<JsonElement>();
        var pending = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/members");
        var invitee = await product.Factory.SignUp(name);

        Assert.True(invited.GetProperty("pending").GetBoolean());
        Assert.Contains(pending.EnumerateArray(), m => m.GetProperty("pending").GetBoolean() && m.GetProperty("email").GetString() == invitee.Email);
        var listed = Assert.Single((await invitee.Http.GetFromJsonAsync<JsonElement>("/api/repos")).EnumerateArray());
        Assert.Equal("editor", listed.GetProperty("role").GetString());
        var members = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/members");
        Assert.DoesNotContain(members.EnumerateArray(), m => m.GetProperty("pending").GetBoolean());
    }

    [Fact]
    public async Task The_last_owner_can_neither_leave_nor_be_demoted()
    {
        var owner = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        await Problem.Expect(await SetRole(owner, repo, owner.Email, "editor"), HttpStatusCode.Conflict, "conflict");
        await Problem.Expect(await owner.Http.DeleteAsync($"/api/repos/{repo}/members/{owner.Email}"), HttpStatusCode.Conflict, "conflict");

        var second = await product.Factory.SignUp();
        (await SetRole(owner, repo, second.Email, "owner")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/repos/{repo}/members/{owner.Email}")).StatusCode);
        await Problem.Expect(await owner.Http.GetAsync($"/api/repos/{repo}"), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("3")]
    [InlineData("")]
    public async Task Unknown_roles_are_refused(string role)
    {
        var owner = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        await Problem.Expect(await SetRole(owner, repo, "someone@example.com", role), HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task Owners_rename_and_delete_and_others_cannot()
    {
        var owner = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var repo = await owner.CreateRepository();
        (await SetRole(owner, repo, editor.Email, "editor")).EnsureSuccessStatusCode();

        await Problem.Expect(await editor.Http.PatchAsJsonAsync($"/api/repos/{repo}", new { name = "Taken over" }), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await editor.Http.DeleteAsync($"/api/repos/{repo}"), HttpStatusCode.Forbidden, "access-denied");
        var renamed = await (await owner.Http.PatchAsJsonAsync($"/api/repos/{repo}", new { name = "Toolshed 2", description = "Second try" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Toolshed 2", renamed.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/repos/{repo}")).StatusCode);

        await Problem.Expect(await owner.Http.GetAsync($"/api/repos/{repo}"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await editor.Http.GetAsync($"/api/repos/{repo}/tree"), HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await editor.Http.GetFromJsonAsync<JsonElement[]>("/api/repos") ?? []);
        Assert.Single(Directory.GetDirectories(Path.Combine(product.Factory.DataPath, "repos", ".trash"), repo + "-*"));
    }
}
