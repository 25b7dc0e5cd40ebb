using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Files;

[Collection(ProductCollection.Name)]
public class FileEndpointsTests(ProductFixture product)
{
    const string Feature = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";

    static HttpRequestMessage Put(string repo, string path, string content, string? ifMatch = null, bool create = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/{path}") { Content = new StringContent(content, Encoding.UTF8, "text/yaml") };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (create)
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        return request;
    }

    [Fact]
    public async Task A_file_is_served_raw_with_its_version_as_etag()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var response = await alice.Http.GetAsync($"/api/repos/{repo}/files/{Feature}");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^\"[0-9a-f]{40}\"$", response.Headers.ETag!.Tag);
        Assert.StartsWith("id: FEAT-001\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_matching_if_none_match_gets_304()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var etag = (await alice.Http.GetAsync($"/api/repos/{repo}/files/{Feature}")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/repos/{repo}/files/{Feature}");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await alice.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task An_update_with_the_current_version_succeeds_and_answers_the_new_version_and_validation()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var etag = (await alice.Http.GetAsync($"/api/repos/{repo}/files/{Feature}")).Headers.ETag!.Tag;

        var response = await alice.Http.SendAsync(Put(repo, Feature, "id: FEAT-001\ntitle: Search\nstatus: done\n", etag));

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(response.Headers.ETag!.Tag, $"\"{body.GetProperty("etag").GetString()}\"");
        Assert.True(body.GetProperty("validation").GetProperty("ok").GetBoolean());
        Assert.Equal("id: FEAT-001\ntitle: Search\nstatus: done\n", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{Feature}"));
    }

    [Fact]
    public async Task A_stale_update_gets_412_with_the_current_version_and_changes_nothing()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var loaded = (await alice.Http.GetAsync($"/api/repos/{repo}/files/{Feature}")).Headers.ETag!.Tag;
        var first = await alice.Http.SendAsync(Put(repo, Feature, "id: FEAT-001\ntitle: First\nstatus: done\n", loaded));
        var current = first.Headers.ETag!.Tag;

        var stale = await alice.Http.SendAsync(Put(repo, Feature, "id: FEAT-001\ntitle: Second\nstatus: done\n", loaded));

        var problem = await Problem.Expect(stale, HttpStatusCode.PreconditionFailed, "revision-conflict");
        Assert.Equal(current, $"\"{problem.GetProperty("currentETag").GetString()}\"");
        Assert.Equal(current, stale.Headers.ETag!.Tag);
        Assert.Contains("First", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/{Feature}"));
    }

    [Fact]
    public async Task A_write_without_any_version_is_refused_with_428()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Problem.Expect(await alice.Http.SendAsync(Put(repo, Feature, "x: 1\n")), HttpStatusCode.PreconditionRequired, "precondition-required");
        await Problem.Expect(await alice.Http.DeleteAsync($"/api/repos/{repo}/files/{Feature}"), HttpStatusCode.PreconditionRequired, "precondition-required");
    }

    [Fact]
    public async Task Creating_needs_if_none_match_and_refuses_an_existing_file()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var created = await alice.Http.SendAsync(Put(repo, "contexts/tasks/T-100.yaml", "id: T-100\ntitle: New\nstatus: todo\n", create: true));
        var again = await alice.Http.SendAsync(Put(repo, "contexts/tasks/T-100.yaml", "id: T-100\n", create: true));

        Assert.True((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetBoolean());
        await Problem.Expect(again, HttpStatusCode.PreconditionFailed, "revision-conflict");
    }

    [Fact]
    public async Task Deleting_with_the_current_version_removes_the_file()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var etag = (await alice.Http.GetAsync($"/api/repos/{repo}/files/README.md")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/repos/{repo}/files/README.md");
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.SendAsync(request)).StatusCode);
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/README.md"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_write_of_broken_yaml_is_saved_and_its_validation_names_the_file_and_line()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var response = await alice.Http.SendAsync(Put(repo, "contexts/tasks/T-200.yaml", "id: T-200\ntitle: x\nsteps: a: b\n", create: true));

        var validation = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validation");
        Assert.False(validation.GetProperty("ok").GetBoolean());
        var error = validation.GetProperty("schemaErrors")[0];
        Assert.Equal("contexts/tasks/T-200.yaml", error.GetProperty("file").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        var report = await (await alice.Http.PostAsync($"/api/repos/{repo}/validate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("totalErrors").GetInt32());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413_and_writes_nothing()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var response = await alice.Http.SendAsync(Put(repo, "big.txt", new string('x', 65 * 1024), create: true));

        await Problem.Expect(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/big.txt"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_json_body_over_its_limit_gets_413_and_creates_nothing()
    {
        var alice = await product.Factory.SignUp();
        var before = await alice.Http.GetStringAsync("/api/repos");
        var body = System.Text.Json.JsonSerializer.Serialize(new { name = "huge", description = new string('d', 3 * 1024 * 1024), template = "empty" });

        var response = await alice.Http.PostAsync("/api/repos", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Problem.Expect(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Equal(before, await alice.Http.GetStringAsync("/api/repos"));
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData("a/%2e%2e/%2e%2e/outside.txt")]
    [InlineData("contexts%5C..%5C..%5Cx.txt")]
    public async Task Hostile_paths_are_refused_with_400_and_nothing_is_written(string path)
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var response = await alice.Http.SendAsync(Put(repo, path, "#!/bin/sh\necho pwned\n", create: true));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
            $"got {(int)response.StatusCode}");
        Assert.False(Directory.EnumerateFiles(product.Factory.DataPath, "outside.txt", SearchOption.AllDirectories).Any());
        Assert.False(Directory.EnumerateFiles(product.Factory.DataPath, "pre-commit", SearchOption.AllDirectories).Any());
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status")).GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task A_path_into_git_gets_a_problem_that_says_why()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var problem = await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/files/.git/config"), HttpStatusCode.BadRequest, "invalid-path");
        Assert.Contains(".git", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_tree_lists_one_folder()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var entries = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/tree?path=contexts/features");
        Assert.All(entries.EnumerateArray(), e => Assert.StartsWith("contexts/features/FEAT-", e.GetProperty("path").GetString()));
        Assert.Equal(3, entries.GetArrayLength());
    }
}
