namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>One Context Kit node: <c>ContextKit.Silo.dll</c> as its own process, on its own HTTP, silo and gateway ports.</summary>
public sealed class SiloNode : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    SiloNode(string name, ServiceProcess process, Uri url, int siloPort)
    {
        Name = name;
        Process = process;
        Url = url;
        SiloPort = siloPort;
    }

    public string Name { get; }

    public ServiceProcess Process { get; }

    public Uri Url { get; }

    public int SiloPort { get; }

    public static string SiloDll => Path.Combine(AppContext.BaseDirectory, "ContextKit.Silo.dll");

    /// <summary>Starts a node with <paramref name="settings"/> (configuration keys in environment form) and waits until it is ready.</summary>
    public static async Task<SiloNode> Start(string name, string dataFolder, IReadOnlyDictionary<string, string?> settings)
    {
        var http = Ports.Free();
        var siloPort = Ports.Free();
        var environment = new Dictionary<string, string?>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ContextKit__Orleans__SiloName"] = name,
            ["ContextKit__Orleans__SiloPort"] = $"{siloPort}",
            ["ContextKit__Orleans__GatewayPort"] = $"{Ports.Free()}",
            ["ContextKit__Limits__SignInPerMinute"] = "100000",
        };
        Directory.CreateDirectory(dataFolder);
        var process = ServiceProcess.Start(ServiceProcess.DotnetHost(),
            [SiloDll, "--data", dataFolder, "--urls", $"http://127.0.0.1:{http}"], environment);
        var node = new SiloNode(name, process, new Uri($"http://127.0.0.1:{http}"), siloPort);
        try
        {
            await node.WaitUntilReady(StartTimeout);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {Process.ExitCode}:\n{Process.Output}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s:\n{Process.Output}");
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
