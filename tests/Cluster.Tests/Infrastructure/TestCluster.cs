namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>
/// Several Context Kit nodes on loopback that form one Orleans cluster through a PostgreSQL membership
/// table, share one repositories root (as pods share a ReadWriteMany volume) and keep grain state in the
/// chosen store. The schema comes from the product's own <c>migrate</c> command.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    readonly Dictionary<string, string?> settings;
    readonly List<SiloNode> nodes = [];
    int started;

    TestCluster(string root, Dictionary<string, string?> settings, string postgres)
    {
        Root = root;
        this.settings = settings;
        Postgres = postgres;
    }

    public string Root { get; }

    public string Postgres { get; }

    public string RepositoriesPath => Path.Combine(Root, "repos");

    /// <summary>Nodes started and not yet stopped, in start order.</summary>
    public IReadOnlyList<SiloNode> Nodes => nodes;

    /// <summary>
    /// Membership tuned for tests: a silo that stops answering is declared dead after two missed one-second
    /// probes instead of the production defaults (see docs/deployment.md).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FastMembership = new Dictionary<string, string?>
    {
        ["ContextKit__Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["ContextKit__Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["ContextKit__Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["ContextKit__Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    public static async Task<TestCluster> Create(PostgresServer postgres, string grainState = "AdoNet", string streams = "Memory", string? azureStorage = null,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "ck-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var database = await postgres.CreateDatabase();
        var settings = new Dictionary<string, string?>(FastMembership)
        {
            ["ConnectionStrings__Orleans"] = database,
            ["ConnectionStrings__AzureStorage"] = azureStorage,
            ["ContextKit__Orleans__Clustering"] = "AdoNet",
            ["ContextKit__Orleans__ClusterId"] = "test-" + Path.GetFileName(root),
            ["ContextKit__Orleans__GrainState"] = grainState,
            ["ContextKit__Orleans__Streams"] = streams,
            ["ContextKit__RepositoriesPath"] = Path.Combine(root, "repos"),
            ["ContextKit__KeysPath"] = Path.Combine(root, "keys"),
            ["ContextKit__GrainsPath"] = Path.Combine(root, "grains"),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        var cluster = new TestCluster(root, settings, database);
        await cluster.Migrate();
        return cluster;
    }

    /// <summary>Runs <c>ContextKit.Silo migrate</c>, as the deployment step does.</summary>
    public async Task<string> Migrate()
    {
        await using var migrate = ServiceProcess.Start(ServiceProcess.DotnetHost(), [SiloNode.SiloDll, "migrate"],
            new Dictionary<string, string?> { ["ConnectionStrings__Orleans"] = Postgres });
        var code = await migrate.WaitForExit(TimeSpan.FromMinutes(2));
        if (code != 0)
            throw new InvalidOperationException($"migrate exited with {code}:\n{migrate.Output}");
        return migrate.Output;
    }

    /// <summary>Starts one more node and waits until it is ready (an active member with a writable repositories root).</summary>
    public async Task<SiloNode> StartNode()
    {
        var index = Interlocked.Increment(ref started);
        var node = await SiloNode.Start($"silo-{index}", Path.Combine(Root, $"silo-{index}"), settings);
        lock (nodes)
            nodes.Add(node);
        return node;
    }

    /// <summary>Starts <paramref name="count"/> nodes: the first alone (it creates the shared keys), the rest together.</summary>
    public async Task StartNodes(int count)
    {
        if (count <= 0)
            return;
        if (nodes.Count == 0)
        {
            await StartNode();
            count--;
        }
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartNode()));
    }

    public void Forget(SiloNode node)
    {
        lock (nodes)
            nodes.Remove(node);
    }

    /// <summary>Stops every node gracefully (SIGTERM) and waits for each to exit.</summary>
    public async Task StopAll()
    {
        var all = nodes.ToList();
        await Task.WhenAll(all.Select(n => n.Process.Terminate(TimeSpan.FromSeconds(60))));
        foreach (var node in all)
        {
            Forget(node);
            await node.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes.ToList())
            await node.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
