using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>Git for teams, end to end: two people, two branches, one entity, two pull requests.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PullRequestTests(ContextKitServer server) : BrowserTest(server)
{
    const string FeaturePath = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";
    const string OriginalTitle = "title: Tool catalogue and search";

    [Fact]
    public async Task Two_people_edit_one_entity_on_two_branches_one_merges_cleanly_the_other_resolves_the_conflict_in_the_browser()
    {
        using var team = await OwnerAndEditor("Alice Owner", "Bob Editor", "Lending library");
        var (aliceEmail, alice, bobEmail, bob, repository) = team;

        // Each works on their own branch and changes the same line of the same feature.
        var (original, _) = await alice.ReadFile(repository, FeaturePath);
        await alice.CreateBranch(repository, "alice-map");
        await bob.CreateBranch(repository, "bob-filters");
        await alice.CommitFile(repository, "alice-map", FeaturePath, original.Replace(OriginalTitle, "title: Tool catalogue, search and map"), "Show tools on a map");
        await bob.CommitFile(repository, "bob-filters", FeaturePath, original.Replace(OriginalTitle, "title: Tool catalogue with filters"), "Filter the catalogue");

        var alicePage = await NewPage();
        await Step(alicePage, "pull-request-clean-merge", async () =>
        {
            var page = alicePage;
            await SignIn(page, aliceEmail, $"/repos/{repository}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Pull requests" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pull requests" })).ToBeVisibleAsync();
            await Expect(page.GetByText("No open pull requests.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New pull request" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.GetByLabel("Source branch")).ToContainTextAsync("alice-map");
            await dialog.GetByLabel("Title").FillAsync("Show tools on a map");
            await dialog.GetByLabel("Description").FillAsync("Members find tools near them.");
            await Screenshot(page, "pull-request-new");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Open pull request" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/repos/{repository}/pulls/1$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Show tools on a map" })).ToBeVisibleAsync();
            await Expect(page.GetByText("The last commit of alice-map validates.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Changes" }).ClickAsync();
            var diff = page.GetByRole(AriaRole.Region, new() { Name = $"Diff of {FeaturePath}" });
            await Expect(diff.Locator(".ck-diff-added", new() { HasText = "title: Tool catalogue, search and map" })).ToHaveCountAsync(1);
            await Expect(diff.Locator(".ck-diff-removed", new() { HasText = OriginalTitle })).ToHaveCountAsync(1);
            await page.GetByRole(AriaRole.Tab, new() { Name = "Impact" }).ClickAsync();
            await Expect(page.GetByText("This pull request changes FEAT-001.")).ToBeVisibleAsync();
            var impacted = page.GetByLabel("Impacted entities");
            await Expect(impacted).ToContainTextAsync("US-001");
            await Expect(impacted).ToContainTextAsync("SPEC-001");
            await Screenshot(page, "pull-request-impact");

            await page.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }).ClickAsync();
            await Expect(page.GetByText(new Regex("Merged into main as [0-9a-f]{7}"))).ToBeVisibleAsync();
            await Expect(page.GetByText("merged", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" })).Not.ToBeVisibleAsync();
        });

        var number = await bob.OpenPullRequest(repository, "bob-filters", "main", "Filter the catalogue");
        var bobPage = await NewPage();
        await Step(bobPage, "pull-request-conflict-resolved", async () =>
        {
            var page = bobPage;
            await SignIn(page, bobEmail, $"/repos/{repository}/pulls/{number}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Filter the catalogue" })).ToBeVisibleAsync();
            await Expect(page.GetByText($"bob-filters conflicts with main in {FeaturePath}")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Impact" }).ClickAsync();
            await Expect(page.GetByLabel("Impacted entities")).ToContainTextAsync("US-001");

            await page.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = FeaturePath })).ToBeVisibleAsync();
            await Expect(dialog.GetByText("title: Tool catalogue, search and map")).ToBeVisibleAsync();
            await Expect(dialog.GetByText("title: Tool catalogue with filters")).ToBeVisibleAsync();
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Complete merge" })).ToBeDisabledAsync();
            await dialog.GetByRole(AriaRole.Radio, new() { Name = "Edit the merged text" }).CheckAsync();
            var merged = dialog.GetByLabel($"Merged text of {FeaturePath}");
            await Expect(merged).ToHaveValueAsync(new Regex("<<<<<<<"));
            await Expect(dialog.GetByText("An edited text still has conflict markers.")).ToBeVisibleAsync();
            await Screenshot(page, "pull-request-conflict");
            await merged.FillAsync(original.Replace(OriginalTitle, "title: Tool catalogue with map and filters"));
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Complete merge" }).ClickAsync();

            await Expect(page.GetByText(new Regex("Merged into main as [0-9a-f]{7}"))).ToBeVisibleAsync();
            await Expect(page.GetByText("merged", new() { Exact = true })).ToBeVisibleAsync();
            await Screenshot(page, "pull-request-merged");
        });

        var (onMain, _) = await alice.ReadFile(repository, FeaturePath);
        Assert.Equal(original.Replace(OriginalTitle, "title: Tool catalogue with map and filters"), onMain);
        var (commit, message) = await alice.LastCommit(repository, "main");
        Assert.Equal($"Merge pull request #{number} from bob-filters", message);
        Assert.Equal(2, Parents(repository, commit).Length);
    }

    string[] Parents(string repository, string commit)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "--git-dir", Path.Combine(Server.DataFolder, "repos", repository, "repo.git"), "rev-list", "--parents", "-n", "1", commit })
            start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var line = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return line.Split(' ')[1..];
    }
}
