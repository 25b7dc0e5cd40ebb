using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>End-to-end over the git views: the branch switcher, the Changes view with its diff viewer, selective commit, history.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GitViewsTests(ContextKitServer server) : BrowserTest(server)
{
    const string FeaturePath = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";
    const string Scratch = "notes/scratch.md";
    const string Branch = "feature/notes";

    [Fact]
    public async Task A_branch_is_made_its_changes_are_diffed_one_of_two_files_is_committed_and_shows_in_history()
    {
        var (email, api, repository) = await SignedUpWithRepository("Gina Git", "Branchy");
        using var _ = api;

        var page = await NewPage();
        await Step(page, "git-views", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}");
            // "Live" shows once the page is interactive and following the change feed.
            await Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();
            await BranchButton(page, "main").ClickAsync();
            await page.GetByText("New branch from main…").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Branch name").FillAsync(Branch);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Create branch" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("branch=feature%2Fnotes"));
            await Expect(BranchButton(page, Branch)).ToBeVisibleAsync();

            // Two files change on the branch (through the API, as another tab of the same person would).
            var (feature, _) = await api.ReadFile(repository, FeaturePath, Branch);
            await api.WriteFile(repository, FeaturePath, feature.Replace("status: done", "status: in-progress"), Branch);
            await api.CreateFile(repository, Scratch, "# Scratch\n", Branch);

            await page.GetByRole(AriaRole.Tab, new() { Name = "Changes" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = FeaturePath })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = Scratch })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Show the diff of {FeaturePath}" }).ClickAsync();
            var diff = page.GetByRole(AriaRole.Region, new() { Name = $"Diff of {FeaturePath}" });
            var sideBySide = diff.GetByRole(AriaRole.Table, new() { Name = "Side-by-side diff" });
            await Expect(sideBySide).ToContainTextAsync("+ status: in-progress");
            await Expect(sideBySide).ToContainTextAsync("- status: done");
            await Screenshot(page, "changes-diff-side-by-side");
            await page.Locator("label:visible", new() { HasText = "Side by side" }).ClickAsync();
            var inline = diff.GetByRole(AriaRole.Table, new() { Name = "Inline diff" });
            await Expect(inline).ToContainTextAsync("+ status: in-progress");
            await Screenshot(page, "changes-diff-inline");

            await page.GetByRole(AriaRole.Checkbox, new() { Name = Scratch }).UncheckAsync();
            await page.GetByLabel("Commit message").FillAsync("Reopen the catalogue");
            await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
            await Expect(page.GetByText(new Regex("Committed [0-9a-f]{7}"))).ToBeVisibleAsync();
            // Only the chosen file was committed: the other one still waits.
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = Scratch })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = FeaturePath })).Not.ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            var commit = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Reopen the catalogue" });
            await Expect(commit).ToContainTextAsync("Gina Git");
            await commit.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^What [0-9a-f]{7} changed$") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = $"Diff of {FeaturePath}" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = $"Diff of {Scratch}" })).Not.ToBeVisibleAsync();
            await Screenshot(page, "history-commit-changes");

            // The default branch did not get the commit.
            await BranchButton(page, Branch).ClickAsync();
            await page.GetByLabel("Switch to main").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("branch=main"));
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "starter template" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Reopen the catalogue" })).Not.ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task An_entity_page_shows_the_history_of_its_file()
    {
        var (email, api, repository) = await SignedUpWithRepository("Hank History", "Storied");
        using var _ = api;

        var page = await NewPage();
        await Step(page, "entity-history", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}/entities/FEAT-001");
            await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            await Expect(page.GetByText("Commits touching FEAT-001 on main, newest first")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "starter template" })).ToContainTextAsync("Hank History");
        });
    }

    [Fact]
    public async Task An_owner_sets_the_remote_and_its_token_is_never_shown_again()
    {
        const string token = "ui-secret-token-4b7c";
        var (email, api, repository) = await SignedUpWithRepository("Rita Remote", "Remote");
        using var _ = api;

        var page = await NewPage();
        await Step(page, "remote-settings", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}?tab=changes");
            await Expect(page.GetByText("No upstream remote.", new() { Exact = false })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Remote settings" }).ClickAsync();
            await page.GetByLabel("Remote URL").FillAsync("https://git.example.test/team/context.git");
            await page.GetByLabel("Access token").FillAsync(token);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save remote" }).ClickAsync();

            await Expect(page.GetByText("Saved the remote.")).ToBeVisibleAsync();
            await Expect(page.GetByText("https://git.example.test/team/context.git")).ToBeVisibleAsync();
            await Expect(page.GetByText("Token set")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Remote settings" }).ClickAsync();
            await Expect(page.GetByLabel("Access token")).ToHaveValueAsync("");
            Assert.DoesNotContain(token, await page.ContentAsync());
            await Screenshot(page, "remote-settings");
        });
    }

    [Fact]
    public async Task An_owner_protects_a_branch_from_the_branch_menu_and_direct_writes_are_refused_until_it_is_lifted()
    {
        var (email, api, repository) = await SignedUpWithRepository("Otto Owner", "Guarded");
        using var _ = api;

        var page = await NewPage();
        await Step(page, "branch-protection", async () =>
        {
            await SignIn(page, email, $"/repos/{repository}");
            await Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();
            await BranchButton(page, "main").ClickAsync();
            await page.GetByText("Protect main…").ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Protect branch" }).ClickAsync();
            await Expect(page.GetByText("main is protected.")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("main is protected: it changes only through pull requests that validate")).ToBeVisibleAsync();
            await Screenshot(page, "branch-protected");

            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => api.CreateFile(repository, "notes/direct.md", "# Direct\n"));
            Assert.Contains("403", refused.Message);
            Assert.Contains("branch-protected", refused.Message);

            await BranchButton(page, "main").ClickAsync();
            await page.GetByText("Lift the protection of main…").ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Lift protection" }).ClickAsync();
            await Expect(page.GetByText("main is no longer protected.")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("main is protected: it changes only through pull requests that validate")).Not.ToBeVisibleAsync();
            await api.CreateFile(repository, "notes/direct.md", "# Direct\n");
        });
    }

    /// <summary>The branch switcher's button (MudMenu wraps it in an activator with the same name).</summary>
    static ILocator BranchButton(IPage page, string branch) => page.Locator($"button[aria-label^='Branch: {branch}.']");

    /// <summary>A new account (signed in through the API) with a repository from the starter template.</summary>
    async Task<(string Email, ApiClient Api, string Repository)> SignedUpWithRepository(string displayName, string repositoryName)
    {
        var (email, api) = await SignedUp(displayName);
        return (email, api, await api.CreateRepository(repositoryName));
    }
}
