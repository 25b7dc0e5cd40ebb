using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>End-to-end: the account page's personal access tokens and the members page's role changes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountAndMembersTests(ContextKitServer server) : BrowserTest(server)
{
    [Fact]
    public async Task A_new_token_is_shown_once_works_and_is_gone_after_a_reload()
    {
        var email = UniqueEmail("tokens");
        using (var api = new ApiClient(Server.Url))
            await api.Register(email, Password, "Token Owner");
        var page = await NewPage();
        await Step(page, "token-copy-once", async () =>
        {
            await SignIn(page, email, "/account");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync();
            await page.GetByLabel("Token name").FillAsync("ci pipeline");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

            var shown = page.GetByLabel("Token value");
            await Expect(shown).ToHaveValueAsync(new Regex("^ckp_"));
            var token = await shown.InputValueAsync();
            await Expect(page.GetByText("shown only this once")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ci pipeline" })).ToContainTextAsync("read");
            await Screenshot(page, "account-token-created");
            Assert.Equal(HttpStatusCode.OK, await ApiClient.StatusWithToken(Server.Url, token, "/api/repos"));

            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ci pipeline" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Token value")).ToHaveCountAsync(0);
            Assert.DoesNotContain(token, await page.ContentAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci pipeline" }).ClickAsync();
            await Expect(page.GetByText("No tokens yet.")).ToBeVisibleAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, await ApiClient.StatusWithToken(Server.Url, token, "/api/repos"));
        });
    }

    [Fact]
    public async Task An_owner_changes_a_members_role_on_the_members_page_and_it_counts_at_once()
    {
        using var team = await OwnerAndEditor("Owner Person", "Member Person", "Roles");
        var (owner, api, member, _, repository) = team;

        var page = await NewPage();
        await Step(page, "members-role-change", async () =>
        {
            await SignIn(page, owner, $"/repos/{repository}/members");
            var select = page.GetByLabel($"Role of {member}");
            await Expect(select).ToHaveValueAsync("editor");
            await select.SelectOptionAsync("viewer");
            await Expect(page.GetByText($"{member} is now a viewer.")).ToBeVisibleAsync();
            await Screenshot(page, "members-role-changed");
            Assert.Equal("viewer", await api.RoleOf(repository, member));

            using var demoted = new ApiClient(Server.Url);
            await demoted.SignIn(member, Password);
            var refused = await Record.ExceptionAsync(() => demoted.CreateFile(repository, "notes/after-demotion.md", "no\n"));
            Assert.Contains("403", refused?.Message ?? "written although demoted");

            await page.GetByLabel("Email to invite").FillAsync("later@example.test");
            await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "later@example.test" })).ToContainTextAsync("(invited)");
            await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
            var entries = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "members.put" });
            await Expect(entries.Filter(new() { HasText = "ui" }).First).ToBeVisibleAsync();
            await Screenshot(page, "audit-log");
        });
    }
}
