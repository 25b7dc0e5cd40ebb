using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>
/// End-to-end over the context engine's views: a repository exported from the desktop app, zipped and imported, shows
/// its entities, its problems (with file and line), its graph, its impact and its C4 diagram; the form saves an edit.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContextViewsTests(ContextKitServer server) : BrowserTest(server)
{
    const string FeaturePath = "contexts/features/FEAT-001-search.yaml";
    const string TaskPath = "contexts/tasks/T-001-build-the-index.yaml";

    // A desktop-style folder: one broken reference (US-009 does not exist) and one schema error (status "later").
    static readonly Dictionary<string, string> DesktopRepository = new()
    {
        [FeaturePath] =
            "# Owned by the search team\nid: FEAT-001\ntitle: Search\nstatus: proposed # still being shaped\nuserStories:\n  - US-001\n  - US-009\nrequires:\n  - svc-search\n",
        ["contexts/userstories/US-001-find-a-tool.yaml"] =
            "id: US-001\nfeature: FEAT-001\nasA: neighbour\niWant: to find a drill\nsoThat: I can borrow it\nacceptanceCriteria:\n  - results in a second\n",
        [TaskPath] = "id: T-001\ntitle: Build the index\nstatus: later\nrelated:\n  feature: FEAT-001\n",
        ["contexts/specs/SPEC-001-search-api.yaml"] = "id: SPEC-001\ntitle: Search API\ntype: api\nrelated:\n  features:\n    - FEAT-001\n",
        ["contexts/services/svc-search.yaml"] = "id: svc-search\nname: Search service\ntype: backend\n",
        ["c4/search.md"] =
            "# Search\n\n```mermaid\nC4Container\n  title Search\n  Person(user, \"Neighbour\")\n  Container(api, \"Search API\", \"ASP.NET\")\n  Rel(user, api, \"searches\")\n```\n",
        ["package.json"] = "{ \"name\": \"desktop-leftover\" }\n",
    };

    static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in DesktopRepository)
            {
                using var stream = zip.CreateEntry("search-desktop/" + path).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task An_imported_desktop_repository_shows_its_entities_problems_graph_impact_and_diagram()
    {
        var (email, api) = await SignedUp("Erin Engine");
        using var _ = api;
        var repository = await api.Import("Search desktop", Zip());

        var page = await NewPage();
        await Step(page, "context-views", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Entities" }).ClickAsync();
            var entities = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Entities" });
            foreach (var group in new[] { "Features", "User stories", "Specs", "Tasks", "Services" })
                await Expect(entities.GetByRole(AriaRole.Heading, new() { Name = group, Exact = true })).ToBeVisibleAsync();
            var feature = entities.Locator("[data-entity='FEAT-001']");
            await Expect(feature).ToContainTextAsync("proposed");
            await Expect(feature.GetByLabel("1 error")).ToBeVisibleAsync();
            await Expect(entities.Locator("[data-entity='T-001']").GetByLabel("1 error")).ToBeVisibleAsync();
            await Expect(entities.Locator("[data-entity='US-001']").GetByLabel(new Regex("error"))).ToHaveCountAsync(0);
            await Screenshot(page, "context-entities");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Validation" }).ClickAsync();
            var validation = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Validation" });
            await Expect(validation.GetByText("2 validation errors")).ToBeVisibleAsync();
            // The schema error at the status value, the dangling story at the list item naming it.
            var schemaProblem = validation.GetByRole(AriaRole.Row).Filter(new() { HasText = "must be equal to one of the allowed values" });
            await Expect(schemaProblem.GetByRole(AriaRole.Link, new() { Name = $"{TaskPath}:3" })).ToBeVisibleAsync();
            var referenceProblem = validation.GetByRole(AriaRole.Row).Filter(new() { HasText = "US-009" });
            await Expect(referenceProblem).ToContainTextAsync("Referenced user story does not exist");
            await Expect(referenceProblem.GetByRole(AriaRole.Link, new() { Name = $"{FeaturePath}:7" })).ToBeVisibleAsync();
            await Screenshot(page, "context-validation");

            // The link opens the file in the Files tab at that line.
            await referenceProblem.GetByRole(AriaRole.Link, new() { Name = $"{FeaturePath}:7" }).ClickAsync();
            var files = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Files" });
            await Expect(files.GetByText(FeaturePath, new() { Exact = true })).ToBeVisibleAsync();
            await Expect(files.GetByText("line 7", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(files.Locator(".ck-live-editor .cm-activeLine")).ToContainTextAsync("US-009");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Graph" }).ClickAsync();
            var graph = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Graph" });
            var canvas = graph.Locator(".ck-graph-canvas");
            await Expect(canvas).ToHaveAttributeAsync("data-nodes", new Regex("^[1-9][0-9]*$"));
            await Expect(canvas.Locator("canvas").First).ToBeVisibleAsync();
            await Expect(graph.Locator(".ck-graph-stats")).ToContainTextAsync(new Regex(@"5 entities, 4 links\s+within 2 hops of FEAT-001"));
            await graph.GetByRole(AriaRole.Button, new() { Name = "Highlight impact of FEAT-001" }).ClickAsync();
            var impacted = graph.GetByRole(AriaRole.List, new() { Name = "Impacted entities" });
            await Expect(impacted.GetByRole(AriaRole.Link, new() { Name = "US-001" })).ToBeVisibleAsync();
            await Expect(canvas).ToHaveAttributeAsync("data-impacted", new Regex("^[1-9][0-9]*$"));
            await Screenshot(page, "context-graph");

            await page.GetByRole(AriaRole.Tab, new() { Name = "C4" }).ClickAsync();
            var c4 = page.GetByRole(AriaRole.Tabpanel, new() { Name = "C4" });
            await Expect(c4.Locator(".ck-mermaid svg")).ToBeVisibleAsync();
            await Expect(c4.GetByText("No errors")).ToBeVisibleAsync();
            await Screenshot(page, "context-c4");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Entities" }).ClickAsync();
            await entities.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^FEAT-001") }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/repos/{repository}/entities/FEAT-001\\?branch=main$"));
            await page.GetByRole(AriaRole.Tab, new() { Name = "Impact" }).ClickAsync();
            var impact = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Impact" });
            await impact.GetByRole(AriaRole.Button, new() { Name = "Analyse impact" }).ClickAsync();
            var impactedStory = impact.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "US-001", Exact = true }) });
            await Expect(impactedStory).ToContainTextAsync("user story");
            await Expect(impactedStory.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
            await Screenshot(page, "entity-impact");
        });
    }

    [Fact]
    public async Task Editing_an_enum_in_the_entity_form_saves_it_and_keeps_the_comments_of_the_file()
    {
        var (email, api) = await SignedUp("Frank Form");
        using var _ = api;
        var repository = await api.Import("Search form", Zip());

        var page = await NewPage();
        await Step(page, "entity-form", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}/entities/FEAT-001");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FEAT-001 Search" })).ToBeVisibleAsync();
            var form = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Form" });
            // The dangling story is reported at the field that names it.
            var stories = form.Locator("[data-field='userStories']");
            await Expect(stories).ToContainTextAsync("US-009");
            await Expect(stories.GetByRole(AriaRole.Alert)).ToContainTextAsync("Referenced user story does not exist");
            await Expect(form.GetByLabel("Title")).ToHaveValueAsync("Search");

            await form.Locator("[data-field='status']").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "in-progress" }).ClickAsync();
            await Expect(form.GetByText("Unsaved changes")).ToBeVisibleAsync();
            await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeEnabledAsync();
            await Screenshot(page, "entity-form-edited");
            await form.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(form.GetByText(new Regex("^Saved, with 1 validation error"))).ToBeVisibleAsync();
            await Expect(form.GetByText("Unsaved changes")).Not.ToBeVisibleAsync();

            var (text, _) = await api.ReadFile(repository, FeaturePath);
            Assert.Contains("# Owned by the search team\n", text);
            Assert.Contains("status: in-progress", text);
            Assert.Contains("# still being shaped", text);
            Assert.Contains("  - US-009\n", text);

            await page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
            await Expect(page.GetByLabel("YAML file")).ToHaveValueAsync(new Regex("status: in-progress"));

            await page.GetByRole(AriaRole.Tab, new() { Name = "Prompt" }).ClickAsync();
            var prompt = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Prompt" });
            await prompt.GetByRole(AriaRole.Button, new() { Name = "Generate prompt" }).ClickAsync();
            await Expect(prompt.GetByLabel("Prompt (Markdown)")).ToHaveValueAsync(new Regex(@"Search \(FEAT-001\)"));
            await Expect(prompt.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
            await Screenshot(page, "entity-prompt");
        });
    }

    [Fact]
    public async Task An_entity_opened_on_a_branch_is_that_branchs_entity_and_saves_there()
    {
        var (email, api) = await SignedUp("Bea Branch");
        using var _ = api;
        var repository = await api.Import("Branch form", Zip());
        await api.CreateBranch(repository, "rework");
        var (original, _) = await api.ReadFile(repository, FeaturePath);
        await api.CommitFile(repository, "rework", FeaturePath, original.Replace("title: Search\n", "title: Search, reworked\n"), "Rework the title");

        var page = await NewPage();
        await Step(page, "entity-on-branch", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}?tab=entities&branch=rework");
            await page.GetByRole(AriaRole.Tabpanel, new() { Name = "Entities" })
                .GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^FEAT-001") }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/repos/{repository}/entities/FEAT-001\\?branch=rework$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FEAT-001 Search, reworked" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Branch rework")).ToBeVisibleAsync();

            var form = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Form" });
            await form.Locator("[data-field='status']").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "in-progress" }).ClickAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(form.GetByText(new Regex("^Saved"))).ToBeVisibleAsync();

            Assert.Contains("status: in-progress", (await api.ReadFile(repository, FeaturePath, "rework")).Text);
            Assert.Equal(original, (await api.ReadFile(repository, FeaturePath)).Text);

            // Back to the entities goes back to the same branch.
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to the entities" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("tab=entities&branch=rework$"));
        });
    }
}
