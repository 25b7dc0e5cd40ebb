using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Repositories;

[Collection(ProductCollection.Name)]
public class RepositoryEndpointsTests(ProductFixture product)
{
    [Fact]
    public async Task A_created_repository_is_listed_and_described_for_its_owner()
    {
        var alice = await product.Factory.SignUp();
        var id = await alice.CreateRepository(name: "Billing Platform");

        var list = await alice.Http.GetFromJsonAsync<JsonElement>("/api/repos");
        var details = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{id}");
        var members = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{id}/members");

        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("id").GetString());
        Assert.Equal("owner", entry.GetProperty("role").GetString());
        Assert.Equal("main", entry.GetProperty("defaultBranch").GetString());
        Assert.StartsWith("billing-platform-", id);
        Assert.Equal("Billing Platform", details.GetProperty("name").GetString());
        Assert.Equal(alice.Email, Assert.Single(members.EnumerateArray()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Another_user_gets_404_for_a_repository_they_are_not_a_member_of()
    {
        var alice = await product.Factory.SignUp();
        var mallory = await product.Factory.SignUp();
        var id = await alice.CreateRepository();

        foreach (var path in new[] { $"/api/repos/{id}", $"/api/repos/{id}/tree", $"/api/repos/{id}/files/README.md", $"/api/repos/{id}/git/status",
                     $"/api/repos/{id}/git/log", $"/api/repos/{id}/events", $"/api/repos/{id}/members" })
            await Problem.Expect(await mallory.Http.GetAsync(path), HttpStatusCode.NotFound, "not-found");
        var write = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{id}/files/README.md") { Content = new StringContent("pwned") };
        write.Headers.TryAddWithoutValidation("If-Match", "*");
        await Problem.Expect(await mallory.Http.SendAsync(write), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await mallory.Http.PostAsJsonAsync($"/api/repos/{id}/git/commit", new { message = "x" }), HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await mallory.Http.GetFromJsonAsync<JsonElement[]>("/api/repos") ?? []);
        Assert.DoesNotContain("pwned", await alice.Http.GetStringAsync($"/api/repos/{id}/files/README.md"));
    }

    [Theory]
    [InlineData("no-such-repo")]
    [InlineData("UPPER")]
    [InlineData("..")]
    public async Task An_unknown_repository_is_404(string id)
    {
        var alice = await product.Factory.SignUp();
        var response = await alice.Http.GetAsync($"/api/repos/{Uri.EscapeDataString(id)}/tree");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_branch_is_404_with_its_name()
    {
        var alice = await product.Factory.SignUp();
        var id = await alice.CreateRepository();
        var problem = await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{id}/tree?branch=nope"), HttpStatusCode.NotFound, "not-found");
        Assert.Contains("nope", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("", "starter")]
    [InlineData("Fine name", "full")]
    public async Task Bad_create_requests_get_a_clear_400(string name, string template)
    {
        var alice = await product.Factory.SignUp();
        await Problem.Expect(await alice.Http.PostAsJsonAsync("/api/repos", new { name, template }), HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task The_starter_repository_validates_and_the_empty_one_has_the_bare_layout()
    {
        var alice = await product.Factory.SignUp();
        var starter = await alice.CreateRepository("starter");
        var empty = await alice.CreateRepository("empty", "Blank");

        var report = await (await alice.Http.PostAsync($"/api/repos/{starter}/validate", null)).Content.ReadFromJsonAsync<JsonElement>();
        var features = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{empty}/tree?path=contexts/features");

        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.True(report.GetProperty("stats").GetProperty("totalEntities").GetInt32() >= 15);
        Assert.Equal(["contexts/features/.gitkeep"], features.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }
}
