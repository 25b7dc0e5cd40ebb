namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>
/// Azurite (the Azure Storage emulator from npm) on free loopback ports, for the Azure Table, Blob and
/// Queue modes. Found at $AZURITE, in the checkout's .tools folder (where .ci/run and cluster.sh install
/// it) or on the PATH.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    // Azurite's documented development account (public, not a secret).
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly string folder = Path.Combine(Path.GetTempPath(), "ck-azurite-" + Guid.NewGuid().ToString("N")[..8]);
    ServiceProcess? process;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        int blob = Ports.Free(), queue = Ports.Free(), table = Ports.Free();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = ServiceProcess.Start(Executable(),
            ["--location", folder, "--skipApiVersionCheck", "--loose",
             "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{table}"],
            new Dictionary<string, string?>(), folder,
            beforeStart: p => p.Line += line =>
            {
                if (line.Contains("Azurite Table service is successfully listening", StringComparison.Ordinal))
                    ready.TrySetResult();
            });
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"Azurite did not start:\n{process.Output}");
        }
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
                           $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
                           $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1";
    }

    static string Executable()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("AZURITE"),
            Path.Combine(Repo.Root, ".tools", "node_modules", ".bin", "azurite"),
        }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "azurite")));
        return candidates.FirstOrDefault(c => c is { Length: > 0 } && File.Exists(c))
            ?? throw new InvalidOperationException(
                "The Azure Storage modes need Azurite: npm install --prefix .tools azurite@3.37.0 (.ci/run does this), or set AZURITE.");
    }

    public async Task DisposeAsync()
    {
        if (process is not null)
            await process.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
