using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace ContextKit.Web.Tests;

/// <summary>
/// The real product, started once for the browser tests: <c>ContextKit.Silo.dll</c> (built next to this
/// test assembly through the project reference) as its own process on free loopback ports with a fresh
/// data folder, and a headless Debian Chromium to drive it.
/// </summary>
public sealed partial class ContextKitServer : IAsyncLifetime
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    readonly StringBuilder output = new();
    readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly string dataFolder = Path.Combine(Path.GetTempPath(), "ck-web-tests-" + Guid.NewGuid().ToString("N"));
    Process? process;
    IPlaywright? playwright;

    /// <summary>Where the product listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The product's data folder, for tests that check what git holds on disk.</summary>
    public string DataFolder => dataFolder;

    /// <summary>Everything the product printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        StartProduct();
        try
        {
            Url = await listening.Task.WaitAsync(StartTimeout);
        }
        catch (Exception e)
        {
            await DisposeAsync();
            throw new InvalidOperationException(
                $"Context Kit never said where it listens (waited {StartTimeout.TotalSeconds:0} s: {e.Message}). Its output:\n{Output}", e);
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

    void StartProduct()
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "ContextKit.Silo.dll");
        if (!File.Exists(silo))
            throw new FileNotFoundException("ContextKit.Silo.dll is not next to the test assembly; is the Silo project still referenced?", silo);
        Directory.CreateDirectory(dataFolder);

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            silo, "--data", dataFolder, "--urls", "http://127.0.0.1:0",
            $"--ContextKit:Orleans:SiloPort={FreePort()}", $"--ContextKit:Orleans:GatewayPort={FreePort()}",
            // Every test signs people up from this one address; the sign-in throttle is tested on its own.
            "--ContextKit:Limits:SignInPerMinute=1000",
        })
            start.ArgumentList.Add(argument);
        // MudBlazor's static assets are served from the build output only in Development (environment.md).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Context Kit exited with code {process.ExitCode}."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            listening.TrySetResult(new Uri(match.Groups["url"].Value));
    }

    [GeneratedRegex(@"Context Kit is listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        process?.Dispose();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned up eventually.
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs these tests (set by the SDK), else the one on the PATH.</summary>
    static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

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
