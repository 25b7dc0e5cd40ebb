using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Repositories;

[Collection(ProductCollection.Name)]
public class OwnershipTransferTests(ProductFixture product)
{
    [Fact]
    public async Task An_owner_hands_over_ownership_and_becomes_an_editor_at_once()
    {
        var owner = await product.Factory.SignUp();
        var heir = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{heir.Email}", new { role = "viewer" })).EnsureSuccessStatusCode();

        var transferred = await owner.Http.PostAsJsonAsync($"/api/repos/{repo}/transfer", new { email = heir.Email });

        Assert.Equal("owner", (await transferred.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        var members = await heir.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/members");
        Assert.Equal("owner", members!.Single(m => m.GetProperty("email").GetString() == heir.Email).GetProperty("role").GetString());
        Assert.Equal("editor", members!.Single(m => m.GetProperty("email").GetString() == owner.Email).GetProperty("role").GetString());
        // The former owner lost the owner's powers on the very next request, and the new owner has them.
        await Problem.Expect(await owner.Http.PatchAsJsonAsync($"/api/repos/{repo}", new { name = "Mine again" }), HttpStatusCode.Forbidden, "access-denied");
        Assert.Equal(HttpStatusCode.OK, (await heir.Http.PatchAsJsonAsync($"/api/repos/{repo}", new { name = "Inherited" })).StatusCode);
        await owner.CreateFile(repo, "notes/still-editing.md", "yes\n");
    }

    [Fact]
    public async Task Ownership_goes_only_to_a_member_and_only_from_an_owner()
    {
        var owner = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var stranger = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty");
        (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{editor.Email}", new { role = "editor" })).EnsureSuccessStatusCode();

        await Problem.Expect(await owner.Http.PostAsJsonAsync($"/api/repos/{repo}/transfer", new { email = stranger.Email }), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await owner.Http.PostAsJsonAsync($"/api/repos/{repo}/transfer", new { email = "not an email" }), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await owner.Http.PostAsJsonAsync($"/api/repos/{repo}/transfer", new { email = owner.Email }), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await editor.Http.PostAsJsonAsync($"/api/repos/{repo}/transfer", new { email = editor.Email }), HttpStatusCode.Forbidden, "access-denied");

        var members = await owner.Http.GetFromJsonAsync<JsonElement[]>($"/api/repos/{repo}/members");
        Assert.Equal(["owner", "editor"], members!.Select(m => m.GetProperty("role").GetString()));
    }
}
