using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Context;

[Collection(ProductCollection.Name)]
public class EntityAuthoringTests(ProductFixture product)
{
    static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_new_task_gets_the_next_id_and_a_file_in_schema_order()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var created = await Created(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities",
            new { type = "task", data = new { status = "todo", title = "Write the reminder job", owner = "@alice", related = new { feature = "FEAT-003" } } }));

        Assert.Equal("T-007", created.GetProperty("id").GetString());
        Assert.Equal("contexts/tasks/T-007-write-the-reminder-job.yaml", created.GetProperty("path").GetString());
        Assert.True(created.GetProperty("validation").GetProperty("ok").GetBoolean());
        var text = await alice.Http.GetStringAsync($"/api/repos/{repo}/files/contexts/tasks/T-007-write-the-reminder-job.yaml");
        Assert.Equal("id: T-007\ntitle: Write the reminder job\nstatus: todo\nowner: \"@alice\"\nrelated:\n  feature: FEAT-003\n", text);
    }

    [Fact]
    public async Task A_new_entity_answers_with_its_own_problems_under_the_constitution()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var created = await Created(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities",
            new { type = "task", data = new { status = "todo", title = "Nobody owns this" } }));

        var validation = created.GetProperty("validation");
        Assert.False(validation.GetProperty("ok").GetBoolean());
        // One failure per failing condition: the owner is missing, so it neither exists nor matches "^@".
        var failures = validation.GetProperty("complianceErrors").EnumerateArray().ToList();
        Assert.All(failures, f => Assert.Equal(("task-has-owner", "T-007"), (f.GetProperty("ruleId").GetString(), f.GetProperty("entity").GetString())));
        Assert.Equal(["Assign an owner to the task", "Owners are @handles"], failures.Select(f => f.GetProperty("message").GetString()));
        Assert.Equal(2, validation.GetProperty("totalErrors").GetInt32());
    }

    [Fact]
    public async Task Concurrent_creations_never_get_the_same_id()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", new { type = "feature", data = new { title = $"Parallel {i}", status = "proposed" } })));

        var ids = new List<string>();
        foreach (var response in responses)
            ids.Add((await Created(response)).GetProperty("id").GetString()!);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^FEAT-00[4-9]$", id));
    }

    [Fact]
    public async Task Services_get_an_id_from_their_name_and_a_second_one_is_numbered()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var body = new { type = "service", data = new { name = "Billing API", type = "backend" } };

        var first = await Created(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", body));
        var second = await Created(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", body));

        Assert.Equal("svc-billing-api", first.GetProperty("id").GetString());
        Assert.Equal("svc-billing-api-2", second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_id_that_exists_is_a_conflict_never_an_overwrite()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var before = await alice.Http.GetStringAsync($"/api/repos/{repo}/entities/FEAT-001");

        var response = await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities", new { type = "feature", data = new { id = "FEAT-001", title = "Clash", status = "done" } });

        await Problem.Expect(response, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(before, await alice.Http.GetStringAsync($"/api/repos/{repo}/entities/FEAT-001"));
    }

    [Fact]
    public async Task Saving_from_a_form_changes_only_the_changed_field_and_keeps_comments()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var entity = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities/FEAT-002");
        var original = entity.GetProperty("yaml").GetString()!;
        var data = JsonNode.Parse(entity.GetProperty("data").GetRawText())!.AsObject();
        data["status"] = "done";

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/entities/FEAT-002") { Content = JsonContent.Create(new { data }) };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{entity.GetProperty("etag").GetString()}\"");
        var saved = await alice.Http.SendAsync(put);
        saved.EnsureSuccessStatusCode();
        var after = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities/FEAT-002")).GetProperty("yaml").GetString()!;

        var before = original.Split('\n');
        var now = after.Split('\n');
        Assert.Equal(before.Length, now.Length);
        var changed = before.Zip(now).Where(p => p.First != p.Second).ToList();
        Assert.Equal(("status: in-progress", "status: done"), Assert.Single(changed));
        Assert.Contains("# limit agreed with the steward group", after);
    }

    [Fact]
    public async Task A_stale_entity_save_gets_412_and_an_id_change_gets_400()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var entity = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities/FEAT-001");
        var data = JsonNode.Parse(entity.GetProperty("data").GetRawText())!.AsObject();

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/entities/FEAT-001") { Content = JsonContent.Create(new { data }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0000000000000000000000000000000000000000\"");
        await Problem.Expect(await alice.Http.SendAsync(stale), HttpStatusCode.PreconditionFailed, "revision-conflict");

        data["id"] = "FEAT-777";
        var renamed = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/entities/FEAT-001") { Content = JsonContent.Create(new { data }) };
        renamed.Headers.TryAddWithoutValidation("If-Match", $"\"{entity.GetProperty("etag").GetString()}\"");
        await Problem.Expect(await alice.Http.SendAsync(renamed), HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task Builder_templates_are_listed_and_make_entities()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();

        var templates = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entity-templates");
        var created = await Created(await alice.Http.PostAsJsonAsync($"/api/repos/{repo}/entities",
            new { type = "task", template = "task-bugfix", data = new { title = "Fix double booking", feature = "FEAT-002" } }));

        Assert.Contains(templates.GetProperty("templates").EnumerateArray(), t => t.GetProperty("id").GetString() == "task-bugfix");
        var file = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities/{created.GetProperty("id").GetString()}");
        Assert.Equal("Fix double booking", file.GetProperty("data").GetProperty("title").GetString());
        Assert.DoesNotContain("_template", file.GetProperty("yaml").GetString());
    }

    [Fact]
    public async Task Deleting_an_entity_removes_its_file()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var entity = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/entities/T-006");
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/repos/{repo}/entities/T-006");
        delete.Headers.TryAddWithoutValidation("If-Match", $"\"{entity.GetProperty("etag").GetString()}\"");

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.SendAsync(delete)).StatusCode);
        await Problem.Expect(await alice.Http.GetAsync($"/api/repos/{repo}/entities/T-006"), HttpStatusCode.NotFound, "not-found");
    }
}
