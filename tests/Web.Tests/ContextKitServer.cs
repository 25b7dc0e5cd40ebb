using System.Net;
using Microsoft.Playwright;
using Xunit;

namespace ContextKit.Web.Tests;

/// <summary>
/// The real product, started once for the browser tests: two nodes (<see cref="ProductNode"/>) joined in one
/// Orleans cluster on loopback with one fresh data folder, and a headless Debian Chromium to drive them. Most
/// tests use the first node; the collaboration tests put one person on each.
/// </summary>
public sealed class ContextKitServer : IAsyncLifetime
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    readonly string dataFolder = Path.Combine(Path.GetTempPath(), "ck-web-tests-" + Guid.NewGuid().ToString("N"));
    readonly List<ProductNode> nodes = [];
    IPlaywright? playwright;

    /// <summary>Where the first node listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; private set; } = default!;

    /// <summary>Where the second node (same cluster, same data) listens.</summary>
    public Uri SecondUrl { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The product's data folder, for tests that check what git holds on disk.</summary>
    public string DataFolder => dataFolder;

    /// <summary>Everything the nodes printed so far, for failure messages.</summary>
    public string Output => string.Join("\n", nodes.Select(n => $"--- {n.Name} ---\n{n.Output}"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataFolder);
        try
        {
            var first = ProductNode.Start("node A", dataFolder);
            nodes.Add(first);
            Url = await first.Started.WaitAsync(StartTimeout);
            var second = ProductNode.Start("node B", dataFolder, primary: first);
            nodes.Add(second);
            SecondUrl = await second.Started.WaitAsync(StartTimeout);
        }
        catch (Exception e)
        {
            var output = Output;
            await DisposeAsync();
            throw new InvalidOperationException(
                $"Context Kit never said where it listens (waited {StartTimeout.TotalSeconds:0} s: {e.Message}). Its output:\n{output}", e);
        }

        await CheckBlazorScriptIsServed();

        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>Without Blazor's script every interactive page stays blank; say so plainly instead of timing out on a blank page.</summary>
    async Task CheckBlazorScriptIsServed()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Url };
        using var script = await http.GetAsync("/_framework/blazor.web.js");
        if (script.StatusCode == HttpStatusCode.OK)
            return;
        await DisposeAsync();
        throw new InvalidOperationException(
            $"The product answers {(int)script.StatusCode} for /_framework/blazor.web.js, so no interactive page can work. The framework's " +
            "web assets are added to the host only when its project (src/Silo/Silo.csproj) sets <RequiresAspNetWebAssets>true</RequiresAspNetWebAssets> " +
            "(the SDK sets it by itself only for a web project with .razor files of its own; the Silo has none).");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        foreach (var node in Enumerable.Reverse(nodes))
            await node.DisposeAsync();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned up eventually.
        }
    }

    static string ChromiumPath()
    {
        const string debian = "/usr/bin/chromium";
        var path = Environment.GetEnvironmentVariable("CONTEXTKIT_CHROMIUM") is { Length: > 0 } configured ? configured : debian;
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"The browser tests need Chromium at {path} (apt-get install -y chromium, or set CONTEXTKIT_CHROMIUM).", path);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ContextKitServer>
{
    public const string Name = "browser";
}
