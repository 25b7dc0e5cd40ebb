using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContextKit.Web.Tests;

/// <summary>What every browser test does: open a page in the shared Chromium, sign in, keep screenshots and, on failure, the evidence.</summary>
public abstract class BrowserTest(ContextKitServer server)
{
    protected const string Password = "a long enough passphrase";
    protected static readonly string Screens = Path.Combine(Path.GetTempPath(), "ck-screens");

    readonly ConcurrentQueue<string> browserLog = new();

    protected ContextKitServer Server => server;

    /// <summary>A page in a fresh browser context (its own cookies) on the first node, or on <paramref name="node"/>.</summary>
    protected async Task<IPage> NewPage(Uri? node = null)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (node ?? server.Url).ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                browserLog.Enqueue($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => browserLog.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => browserLog.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                browserLog.Enqueue($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
        };
        return page;
    }

    protected static async Task SignIn(IPage page, string email, string returnUrl)
    {
        await page.GotoAsync(returnUrl);
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(returnUrl) + "$"));
    }

    /// <summary>Opens folders one by one (they load lazily) and then the file.</summary>
    protected static async Task OpenInTree(IPage page, params string[] names)
    {
        var tree = page.GetByRole(AriaRole.Tree);
        foreach (var name in names)
            await tree.GetByText(name, new() { Exact = true }).ClickAsync();
    }

    /// <summary>Runs the test's steps; on failure keeps a screenshot and the product's output with the error.</summary>
    protected async Task Step(IPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e)
        {
            await Screenshot(page, $"failed-{name}");
            throw new Xunit.Sdk.XunitException(
                $"{e.Message}\n\nBrowser:\n{string.Join('\n', browserLog)}\n\nProduct output (last 6000 characters):\n{Tail(server.Output, 6000)}\n{e}");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    protected static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screens, name + ".png"), FullPage = true });
    }

    protected static string UniqueEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.test";

    /// <summary>A new person (email from their first name), signed in through the API; pages sign in as them with <see cref="SignIn"/>.</summary>
    protected async Task<(string Email, ApiClient Api)> SignedUp(string displayName)
    {
        var email = UniqueEmail(displayName.Split(' ')[0].ToLowerInvariant());
        var api = new ApiClient(Server.Url);
        await api.Register(email, Password, displayName);
        await api.SignIn(email, Password);
        return (email, api);
    }

    /// <summary>Two people signed up, and a repository the first owns and the second edits.</summary>
    protected async Task<Team> OwnerAndEditor(string ownerName, string editorName, string repositoryName)
    {
        var (editorEmail, editor) = await SignedUp(editorName);
        var (ownerEmail, owner) = await SignedUp(ownerName);
        var repository = await owner.CreateRepository(repositoryName);
        await owner.SetMember(repository, editorEmail, "editor");
        return new Team(ownerEmail, owner, editorEmail, editor, repository);
    }

    protected sealed record Team(string OwnerEmail, ApiClient Owner, string EditorEmail, ApiClient Editor, string Repository) : IDisposable
    {
        public void Dispose()
        {
            Owner.Dispose();
            Editor.Dispose();
        }
    }

    static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}

/// <summary>The feature file of the starter template that the browser tests open and edit.</summary>
public static class StarterFeature
{
    public const string File = "FEAT-001-tool-catalogue-and-search.yaml";
    public const string Path = "contexts/features/" + File;
}
