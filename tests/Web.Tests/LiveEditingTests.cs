using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>
/// Live co-editing across nodes: two people in two browsers, each signed in on a different node of one cluster,
/// type into the same file at the same moment.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveEditingTests(ContextKitServer server) : BrowserTest(server)
{
    const string FeaturePath = StarterFeature.Path;
    const string FeatureFile = StarterFeature.File;

    [Fact]
    public async Task Two_people_on_different_nodes_type_at_once_end_with_the_same_text_holding_both_words_and_see_each_other()
    {
        using var team = await OwnerAndEditor("Alice Live", "Bob Live", "Shared notes");
        var (aliceEmail, api, bobEmail, _, repository) = team;
        var (original, _) = await api.ReadFile(repository, FeaturePath);

        var alice = await NewPage(Server.Url);
        var bob = await NewPage(Server.SecondUrl);
        await Step(bob, "live-editing-bob", () => Step(alice, "live-editing-alice", async () =>
        {
            await SignIn(alice, aliceEmail, $"/repos/{repository}");
            await SignIn(bob, bobEmail, $"/repos/{repository}");
            await OpenInTree(alice, "contexts", "features", FeatureFile);
            await Expect(alice.Locator(".ck-live-editor .cm-content")).ToContainTextAsync("FEAT-001");
            // Bob sees where Alice is before he follows her into the file (and does not click while her marker arrives).
            await OpenInTree(bob, "contexts", "features");
            await Expect(bob.GetByRole(AriaRole.Tree).GetByText("● Alice Live")).ToBeVisibleAsync();
            await OpenInTree(bob, FeatureFile);
            await Expect(bob.Locator(".ck-live-editor .cm-content")).ToContainTextAsync("FEAT-001");

            // Presence crosses nodes: each sees the other's avatar in the header and marker on the file in the tree.
            await Expect(alice.GetByRole(AriaRole.List, new() { Name = "People here now" }).GetByRole(AriaRole.Listitem, new() { Name = "Bob Live" })).ToBeVisibleAsync();
            await Expect(bob.GetByRole(AriaRole.List, new() { Name = "People here now" }).GetByRole(AriaRole.Listitem, new() { Name = "Alice Live" })).ToBeVisibleAsync();
            await Expect(alice.GetByRole(AriaRole.Tree).GetByText("● Bob Live")).ToBeVisibleAsync();

            // Each puts the cursor at the end of a different line (the title, a line of the objective), then both type at the same time.
            await ClickEndOfLine(alice, 2);
            await ClickEndOfLine(bob, 8);
            await Task.WhenAll(
                alice.Keyboard.TypeAsync(" alpha from Alice", new() { Delay = 25 }),
                bob.Keyboard.TypeAsync(" bravo from Bob", new() { Delay = 25 }));

            foreach (var page in new[] { alice, bob })
                await WaitFor(async () => await EditorText(page) is var text && text.Contains("alpha from Alice") && text.Contains("bravo from Bob"),
                    async () => $"The editor shows:\n{await EditorText(page)}");
            Assert.Equal(await EditorText(alice), await EditorText(bob));

            // Each sees the other's named cursor.
            await Expect(alice.Locator(".ck-remote-name", new() { HasText = "Bob Live" })).ToBeVisibleAsync();
            await Expect(bob.Locator(".ck-remote-name", new() { HasText = "Alice Live" })).ToBeVisibleAsync();
            await Screenshot(alice, "live-editing-alice");
            await Screenshot(bob, "live-editing-bob");

            // The saved file holds both people's words, each on the line they typed on.
            var lines = original.Split('\n');
            var expected = string.Join('\n', lines.Select((line, i) => i switch
            {
                1 => line + " alpha from Alice",
                7 => line + " bravo from Bob",
                _ => line,
            }));
            await WaitFor(async () => (await api.ReadFile(repository, FeaturePath)).Text == expected,
                async () => $"The saved file is:\n{(await api.ReadFile(repository, FeaturePath)).Text}\nexpected:\n{expected}");

            // On the graph, Alice sees which entity Bob is looking at.
            await alice.GetByRole(AriaRole.Tab, new() { Name = "Graph" }).ClickAsync();
            await Expect(alice.Locator(".ck-graph-canvas")).ToHaveAttributeAsync("data-viewed", "FEAT-001:Bob Live");
            await Screenshot(alice, "live-editing-graph");

            // The change feed crosses nodes too: a file created through node A appears in Bob's tree on node B.
            await api.CreateFile(repository, "contexts/features/FEAT-200-from-node-a.yaml", "id: FEAT-200\n");
            await Expect(bob.GetByRole(AriaRole.Tree).GetByText("FEAT-200-from-node-a.yaml")).ToBeVisibleAsync();
        }));
    }

    /// <summary>The editor's text as shown, without other people's cursor labels.</summary>
    static Task<string> EditorText(IPage page) => page.EvaluateAsync<string>("""
        () => Array.from(document.querySelectorAll('.ck-live-editor .cm-line')).map(line => {
            const copy = line.cloneNode(true);
            copy.querySelectorAll('.ck-remote-caret').forEach(caret => caret.remove());
            return copy.textContent;
        }).join('\n')
        """);

    static async Task ClickEndOfLine(IPage page, int line)
    {
        await page.Locator(".ck-live-editor .cm-line").Nth(line - 1).ClickAsync();
        await page.Keyboard.PressAsync("End");
    }

    static async Task WaitFor(Func<Task<bool>> condition, Func<Task<string>> explain)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail(await explain());
            await Task.Delay(200);
        }
    }
}
