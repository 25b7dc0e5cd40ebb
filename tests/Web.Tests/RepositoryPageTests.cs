using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>End-to-end: a person in headless Chromium against the real product process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RepositoryPageTests(ContextKitServer server) : BrowserTest(server)
{
    const string FeaturePath = StarterFeature.Path;
    const string FeatureFile = StarterFeature.File;

    [Fact]
    public async Task A_new_user_edits_a_file_live_and_commits_it_in_the_browser()
    {
        var page = await NewPage();
        await Step(page, "signed-up-and-committed", async () =>
        {
            await page.GotoAsync(new Uri(Server.Url, "/register").ToString());
            await page.GetByLabel("Display name").FillAsync("Alice Example");
            await page.GetByLabel("Email").FillAsync(UniqueEmail("alice"));
            await page.GetByLabel("Password").FillAsync(Password);
            await Screenshot(page, "register");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Repositories", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByText("No repositories yet")).ToBeVisibleAsync();
            await Screenshot(page, "repository-list-empty");
            await page.GetByRole(AriaRole.Button, new() { Name = "New repository" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Toolshed");
            await dialog.GetByLabel("Description").FillAsync("Lending tools between neighbours");
            await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Starter example" })).ToBeCheckedAsync();
            await Screenshot(page, "new-repository-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Create repository" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/repos/toolshed-[0-9a-f]+$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Toolshed" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();

            await OpenInTree(page, "contexts", "features", FeatureFile);
            var editor = page.Locator(".ck-live-editor .cm-content");
            await Expect(editor).ToContainTextAsync("FEAT-001");
            await Expect(page.GetByText("Validation passed")).ToBeVisibleAsync();
            await editor.ClickAsync();
            await page.Keyboard.PressAsync("Control+End");
            await page.Keyboard.InsertTextAsync("\n# Reviewed in the browser");
            await Expect(editor).ToContainTextAsync("# Reviewed in the browser");
            await Screenshot(page, "repository-files");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Changes" }).ClickAsync();
            var change = page.GetByRole(AriaRole.Row).Filter(new() { HasText = FeaturePath });
            await Expect(change).ToContainTextAsync("modified");
            await Expect(change).ToContainTextAsync("Alice Example");
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = FeaturePath })).ToBeCheckedAsync();
            await page.GetByLabel("Commit message").FillAsync("Note the catalogue search review");
            await Screenshot(page, "repository-changes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
            await Expect(page.GetByText(new Regex("Committed [0-9a-f]{7}"))).ToBeVisibleAsync();
            await Expect(page.GetByText("No changes since the last commit.")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            var commit = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Note the catalogue search review" });
            await Expect(commit).ToBeVisibleAsync();
            await Expect(commit).ToContainTextAsync("Alice Example");
            await Screenshot(page, "repository-history");

            await page.GetByRole(AriaRole.Link, new() { Name = "Context Kit home" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Toolshed" })).ToBeVisibleAsync();
            await Screenshot(page, "repository-list");

            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
            await Screenshot(page, "repository-list-dark");

            await page.GetByRole(AriaRole.Button, new() { Name = "Alice Example" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await page.GotoAsync(new Uri(Server.Url, "/").ToString());
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl="));
        });
    }

    [Fact]
    public async Task A_change_saved_elsewhere_while_the_file_is_open_is_folded_into_the_live_editor_and_nothing_is_lost()
    {
        var (email, api) = await SignedUp("Bob Builder");
        using var _ = api;
        var repository = await api.CreateRepository("Workshop");

        var page = await NewPage();
        await Step(page, "outside-change", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workshop" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();
            await OpenInTree(page, "contexts", "features", FeatureFile);
            var editor = page.Locator(".ck-live-editor .cm-content");
            await Expect(editor).ToContainTextAsync("FEAT-001");
            var (original, _) = await api.ReadFile(repository, FeaturePath);

            // A change saved elsewhere shows up in the open editor.
            await api.WriteFile(repository, FeaturePath, original + "# First outside change\n");
            await Expect(editor).ToContainTextAsync("# First outside change");

            // Typing here is saved as it happens, and another outside change after it keeps both.
            await page.Locator(".ck-live-editor .cm-line").First.ClickAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.InsertTextAsync(" # mine");
            await WaitForSaved(api, repository, text => text.Contains(" # mine", StringComparison.Ordinal));
            var (mine, _) = await api.ReadFile(repository, FeaturePath);
            await api.WriteFile(repository, FeaturePath, mine + "# Theirs\n");
            await Expect(editor).ToContainTextAsync("# Theirs");
            await Expect(editor).ToContainTextAsync(" # mine");
            await Screenshot(page, "repository-outside-change");
            var (saved, _) = await api.ReadFile(repository, FeaturePath);
            Assert.Equal(mine + "# Theirs\n", saved);
        });
    }

    static async Task WaitForSaved(ApiClient api, string repository, Func<string, bool> saved)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!saved((await api.ReadFile(repository, FeaturePath)).Text))
        {
            Assert.True(DateTime.UtcNow < deadline, "The live editor's text was not saved within 20 seconds.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_new_file_with_broken_yaml_shows_its_validation_errors_and_can_be_deleted()
    {
        var (email, api) = await SignedUp("Dana Scully");
        using var _ = api;
        var repository = await api.CreateRepository("Archive");
        const string broken = "contexts/features/FEAT-099-broken.yaml";

        var page = await NewPage();
        await Step(page, "new-file", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}");
            await Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();
            await OpenInTree(page, "contexts", "features");

            // Someone else adds a file: the open folder shows it without a reload.
            await api.CreateFile(repository, "contexts/features/FEAT-100-from-the-api.yaml", "id: FEAT-100\n");
            await Expect(page.GetByRole(AriaRole.Tree).GetByText("FEAT-100-from-the-api.yaml")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "New file" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.GetByLabel("Path")).ToHaveValueAsync("contexts/features/");
            await dialog.GetByLabel("Path").FillAsync(broken);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Create file" }).ClickAsync();
            await Expect(dialog).Not.ToBeVisibleAsync();
            var files = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Files" });
            await Expect(files.GetByRole(AriaRole.Paragraph).GetByText(broken, new() { Exact = true })).ToBeVisibleAsync();

            var editor = page.Locator(".ck-live-editor .cm-content");
            await Expect(page.Locator(".ck-live-editor[data-ready=true]")).ToBeVisibleAsync();
            await editor.ClickAsync();
            await page.Keyboard.InsertTextAsync("id: FEAT-099\ntitle: [never closed\n");
            await Expect(page.Locator(".ck-live-editor .cm-lint-marker-error").First).ToBeVisibleAsync();
            await Expect(files.GetByText(new Regex(@"The branch has \d+ validation errors?"))).ToBeVisibleAsync();
            await Expect(files.GetByText(new Regex(Regex.Escape(broken) + @":\d+"))).ToBeVisibleAsync();
            await Screenshot(page, "validation-errors");

            await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(page.GetByText($"Deleted {broken}.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Tree).GetByText("FEAT-099-broken.yaml")).Not.ToBeVisibleAsync();
            await Expect(page.GetByText("Choose a file in the tree")).ToBeVisibleAsync();

            await page.GotoAsync("/repos/no-such-repository-000000");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Repository not found" })).ToBeVisibleAsync();
            await Screenshot(page, "repository-not-found");
        });
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_password_says_so_and_keeps_the_email()
    {
        var email = UniqueEmail("carol");
        using var api = new ApiClient(Server.Url);
        await api.Register(email, Password, "Carol");

        var page = await NewPage();
        await Step(page, "wrong-password", async () =>
        {
            await page.GotoAsync("/signin");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync("not the password at all");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is wrong.");
            await Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
            await Screenshot(page, "signin-error");

            await page.GetByLabel("Password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Repositories", Exact = true })).ToBeVisibleAsync();
        });
    }
}
