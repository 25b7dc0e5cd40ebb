using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Accounts;

[Collection(ProductCollection.Name)]
public class AccessTokenTests(ProductFixture product)
{
    HttpClient With(string token)
    {
        var client = product.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static async Task<(string Id, string Token)> Create(SignedInClient user, string scope, DateTimeOffset? expiresAt = null)
    {
        var response = await user.Http.PostAsJsonAsync("/api/auth/tokens", new { name = $"ci {scope}", scope, expiresAt });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task A_write_token_acts_as_its_owner_and_is_listed_without_its_secret()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var (id, token) = await Create(alice, "write");

        var script = With(token);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/from-ci.md") { Content = new StringContent("# CI\n") };
        put.Headers.TryAddWithoutValidation("If-None-Match", "*");

        Assert.Equal(HttpStatusCode.OK, (await script.SendAsync(put)).StatusCode);
        Assert.Equal(alice.Email, (await script.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("email").GetString());
        var listed = await alice.Http.GetStringAsync("/api/auth/tokens");
        Assert.Contains(id, listed);
        Assert.DoesNotContain(token, listed);
        Assert.NotEqual(JsonValueKind.Null, JsonDocument.Parse(listed).RootElement[0].GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task A_read_token_reads_but_cannot_write()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var (_, token) = await Create(alice, "read");
        var script = With(token);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/x.md") { Content = new StringContent("x") };
        put.Headers.TryAddWithoutValidation("If-None-Match", "*");

        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/api/repos/{repo}/tree")).StatusCode);
        var refused = await Problem.Expect(await script.SendAsync(put), HttpStatusCode.Forbidden, "access-denied");
        Assert.Contains("read-only", refused.GetProperty("detail").GetString());
        await Problem.Expect(await script.PostAsJsonAsync("/api/repos", new { name = "Nope" }), HttpStatusCode.Forbidden, "access-denied");
    }

    [Fact]
    public async Task Revoked_expired_and_made_up_tokens_are_401()
    {
        var alice = await product.Factory.SignUp();
        var (id, token) = await Create(alice, "write");
        var (_, shortLived) = await Create(alice, "write", DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await With(token).GetAsync("/api/repos")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/auth/tokens/{id}")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the expiry is a wall-clock time: there is nothing to wait on but the clock

        Assert.Equal(HttpStatusCode.Unauthorized, (await With(token).GetAsync("/api/repos")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await With(shortLived).GetAsync("/api/repos")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await With("ckp_" + new string('a', 32) + "_forged").GetAsync("/api/repos")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await With("ckp_short").GetAsync("/api/repos")).StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_mint_or_revoke_tokens()
    {
        var alice = await product.Factory.SignUp();
        var (id, token) = await Create(alice, "write");
        await Problem.Expect(await With(token).PostAsJsonAsync("/api/auth/tokens", new { name = "more" }), HttpStatusCode.Forbidden, "access-denied");
        await Problem.Expect(await With(token).DeleteAsync($"/api/auth/tokens/{id}"), HttpStatusCode.Forbidden, "access-denied");
    }

    [Theory]
    [InlineData("", "write")]
    [InlineData("ok", "admin")]
    public async Task Bad_token_requests_are_400(string name, string scope)
    {
        var alice = await product.Factory.SignUp();
        await Problem.Expect(await alice.Http.PostAsJsonAsync("/api/auth/tokens", new { name, scope }), HttpStatusCode.BadRequest, "bad-request");
    }
}
