using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ContextKit.Web.Tests;

/// <summary>
/// One node of the real product: <c>ContextKit.Silo.dll</c> as its own process on free loopback ports. A second
/// node joins the first's cluster by naming its silo port (<c>ContextKit:Orleans:PrimarySiloPort</c>) and shares
/// its data folder.
/// </summary>
public sealed partial class ProductNode : IAsyncDisposable
{
    readonly StringBuilder output = new();
    readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Process process;

    ProductNode(string name, string dataFolder, int siloPort, int? primarySiloPort, IEnumerable<string> settings)
    {
        Name = name;
        SiloPort = siloPort;
        var silo = Path.Combine(AppContext.BaseDirectory, "ContextKit.Silo.dll");
        if (!File.Exists(silo))
            throw new FileNotFoundException("ContextKit.Silo.dll is not next to the test assembly; is the Silo project still referenced?", silo);
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>
        {
            silo, "--data", dataFolder, "--urls", "http://127.0.0.1:0",
            $"--ContextKit:Orleans:SiloPort={siloPort}", $"--ContextKit:Orleans:GatewayPort={FreePort()}",
            // Every test signs people up from this one address; the sign-in throttle is tested on its own.
            "--ContextKit:Limits:SignInPerMinute=1000",
        };
        if (primarySiloPort is { } primary)
            arguments.Add($"--ContextKit:Orleans:PrimarySiloPort={primary}");
        arguments.AddRange(settings);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // MudBlazor's static assets are served from the build output only in Development (environment.md).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Context Kit ({name}) exited with code {process.ExitCode}."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int SiloPort { get; }

    /// <summary>Where the node listens, e.g. <c>http://127.0.0.1:41234</c>; known once <see cref="Started"/> completes.</summary>
    public Task<Uri> Started => listening.Task;

    /// <summary>Everything the node printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    /// <summary>
    /// Starts a node: the first of a cluster (<paramref name="primary"/> null) or one joining it; <paramref name="settings"/>
    /// are more command-line settings (e.g. <c>--ContextKit:Orleans:StreamPollMilliseconds=10</c>).
    /// </summary>
    public static ProductNode Start(string name, string dataFolder, ProductNode? primary = null, params IEnumerable<string> settings) =>
        new(name, dataFolder, FreePort(), primary?.SiloPort, settings);

    /// <summary>The node's process, e.g. to read its memory use.</summary>
    public Process Process => process;

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

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        process.Dispose();
    }

    int disposed;

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs these tests (set by the SDK), else the one on the PATH.</summary>
    static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
