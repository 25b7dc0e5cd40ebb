using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Context;

[Collection(ProductCollection.Name)]
public class ContextEndpointsTests(ProductFixture product)
{
    const string BlockedTask = "contexts/tasks/T-004-implement-scan-to-check-out-and-check-in.yaml";

    [Fact]
    public async Task Entities_are_listed_with_filters_and_read_with_data_yaml_and_version()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var all = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities");
        var tasks = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities?type=task&status=done");
        var found = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities?q=catalogue%20search");
        var one = await alice.Http.GetAsync($"/api/repos/{repo}/entities/FEAT-001");
        var body = await one.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(19, all.GetArrayLength());
        Assert.Equal("FEAT-001", all[0].GetProperty("id").GetString());
        Assert.All(tasks.EnumerateArray(), t => Assert.Equal("done", t.GetProperty("status").GetString()));
        Assert.True(tasks.GetArrayLength() >= 1);
        Assert.Contains(found.EnumerateArray(), e => e.GetProperty("id").GetString() == "FEAT-001");
        Assert.Equal("feature", body.GetProperty("type").GetString());
        Assert.Equal("Tool catalogue and search", body.GetProperty("data").GetProperty("title").GetString());
        Assert.StartsWith("id: FEAT-001", body.GetProperty("yaml").GetString());
        Assert.Equal(one.Headers.ETag!.Tag, $"\"{body.GetProperty("etag").GetString()}\"");
    }

    [Fact]
    public async Task Unknown_entities_types_and_diagrams_get_clear_answers()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/entities/FEAT-999"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/entities?type=epic"), HttpStatusCode.BadRequest, "bad-request");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/c4/nothing-here"), HttpStatusCode.NotFound, "not-found");
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/graph?centre=FEAT-999"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_graph_follows_a_write_and_a_neighbourhood_can_be_asked_for()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var before = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/graph");
        await alice.CreateFile(repo, "contexts/tasks/T-050.yaml", "id: T-050\ntitle: New task\nstatus: todo\nrelated:\n  feature: FEAT-003\n");

        var after = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/graph");
        var around = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/graph?centre=T-050&depth=1");

        Assert.Equal(before.GetProperty("stats").GetProperty("totalNodes").GetInt32() + 1, after.GetProperty("stats").GetProperty("totalNodes").GetInt32());
        Assert.Contains(after.GetProperty("edges").EnumerateArray(), e =>
            e.GetProperty("from").GetString() == "FEAT-003" && e.GetProperty("to").GetString() == "T-050" && e.GetProperty("rel").GetString() == "has-task");
        Assert.Equal(["FEAT-003", "T-050"], around.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Impact_compares_the_working_copy_with_the_last_commit()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        await alice.ChangeFile(repo, BlockedTask, text => text.Replace("status: todo", "status: blocked"));

        var response = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/impact", new { ids = new[] { "T-004" }, depth = 2 });
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        var issue = Assert.Single(report.GetProperty("issues").EnumerateArray(), i => i.TryGetProperty("ruleId", out var rule) && rule.GetString() == "task-status-blocked-flags-feature");
        Assert.Equal("FEAT-002", issue.GetProperty("id").GetString());
        Assert.Equal("status", issue.GetProperty("changes")[0].GetProperty("field").GetString());
        Assert.Equal(["FEAT-002"], report.GetProperty("staleIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Matches("^[0-9a-f]{40}$", report.GetProperty("base").GetString());
        Assert.Equal(2, report.GetProperty("depth").GetInt32());
    }

    [Theory]
    [InlineData("{\"ids\":[],\"depth\":1}")]
    [InlineData("{\"ids\":[\"T-001\"],\"depth\":6}")]
    [InlineData("{\"ids\":[\"T-001\"],\"base\":\"no-such-commit\"}")]
    public async Task Bad_impact_requests_are_400(string body)
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var response = await alice.Http.PostAsync($"/api/repos/{repo}/impact", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await Problem.Expect(response, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task Generating_prompts_writes_them_to_the_working_tree()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var report = await (await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/generate", new { ids = new[] { "T-004", "svc-lending-api", "NOPE-1" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var prompt = await alice.Http.GetStringAsync($"/api/repos/{repo}/files/generated/prompts/T-004.md");

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Equal(2, report.GetProperty("stats").GetProperty("generated").GetInt32());
        Assert.Equal("Entity not found", report.GetProperty("errors")[0].GetProperty("error").GetString());
        Assert.StartsWith("# Task Execution Brief: Implement scan-to-check-out and check-in (T-004)", prompt);
        Assert.Contains("**Context Source**: " + BlockedTask, prompt);
        // generated/ is ignored by git: prompts are outputs, never changes to commit.
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status")).GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task C4_diagrams_are_projected_and_checked_against_the_entities()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var all = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/c4");
        var one = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/c4/toolshed-lending-platform");

        Assert.True(all.GetProperty("ok").GetBoolean());
        Assert.Equal(1, all.GetProperty("stats").GetProperty("totalDiagrams").GetInt32());
        var projection = one.GetProperty("projections")[0];
        Assert.Equal("C2", projection.GetProperty("level").GetString());
        Assert.Equal("FEAT-001", projection.GetProperty("feature").GetString());
        Assert.Contains(projection.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("kind").GetString() == "datastore");
    }
}
