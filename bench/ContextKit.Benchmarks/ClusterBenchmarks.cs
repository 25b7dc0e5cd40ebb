using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ContextKit.Benchmarks;

/// <summary>
/// The product as a cluster on this machine (deploy/local/cluster.sh: PostgreSQL membership and grain state,
/// one shared repositories root): entity reads and writes through one silo and through two, and the time from
/// kill -9 of the silo that hosts a repository to that repository being served again by the survivor.
/// Loopback only; every loop is bounded by a request count.
/// </summary>
public static class ClusterBenchmarks
{
    const string Password = "a long bench pass phrase";
    const int Clients = 8;

    public static void Run(BenchmarkOptions options) => RunAsync(options).GetAwaiter().GetResult();

    static async Task RunAsync(BenchmarkOptions options)
    {
        var root = FindRoot();
        var silo = BuildSilo(root);
        var reads = 200 * options.Rounds / 7 * 7;
        var writes = 40 * options.Rounds / 7 * 7;

        Console.WriteLine();
        Console.WriteLine($"## Cluster on loopback ({Environment.ProcessorCount} cores): {Clients} concurrent clients, {reads} entity reads, {writes} entity creates");
        Console.WriteLine();
        Console.WriteLine("| silos | operation | requests/s | p50 | p95 | p99 |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        foreach (var silos in new[] { 1, 2 })
        {
            await using var cluster = await LocalCluster.Start(root, silo, silos);
            using var session = await Session.Open(cluster.Urls);
            await Measure(silos, "read entity (GET /entities/{id})", reads, session, (client, i) => client.GetAsync($"/api/repos/{session.Repository}/entities/{session.EntityIds[i % session.EntityIds.Count]}"));
            await Measure(silos, "create entity (POST /entities)", writes, session, (client, i) => client.PostAsJsonAsync($"/api/repos/{session.Repository}/entities",
                new { type = "task", data = new { title = $"Bench task {i}", status = "todo" } }));
        }

        Console.WriteLine();
        Console.WriteLine("| membership settings | kill -9 → repository served again (first acknowledged write through the survivor) |");
        Console.WriteLine("|---|---:|");
        foreach (var (name, settings) in new (string, Dictionary<string, string>)[]
                 {
                     ("Orleans defaults (probe 5 s, 3 missed probes)", []),
                     ("tuned as in the cluster tests (probe 1 s, 2 missed probes)", new()
                     {
                         ["ContextKit__Orleans__Membership__ProbeTimeout"] = "00:00:01",
                         ["ContextKit__Orleans__Membership__NumMissedProbesLimit"] = "2",
                         ["ContextKit__Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
                     }),
                 })
            Console.WriteLine($"| {name} | {(await Failover(root, silo, settings)).TotalSeconds:0.0} s |");
    }

    static async Task Measure(int silos, string operation, int count, Session session, Func<HttpClient, int, Task<HttpResponseMessage>> request)
    {
        // Warm-up: every node and the grains behind it are active before the clock starts.
        for (var i = 0; i < session.Clients.Count * 2; i++)
            (await request(session.Clients[i % session.Clients.Count], 1_000_000 + i)).EnsureSuccessStatusCode();
        var latencies = new List<double>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async worker =>
        {
            // Clients alternate between the nodes, as a load balancer spreads them.
            var client = session.Clients[worker % session.Clients.Count];
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await request(client, i);
                response.EnsureSuccessStatusCode();
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                    latencies.Add(ms);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, q * latencies.Count)];
        Console.WriteLine($"| {silos} | {operation} | {count / seconds:0} | {P(0.5):0.0} ms | {P(0.95):0.0} ms | {P(0.99):0.0} ms |");
    }

    /// <summary>One silo creates the repository (so its grains live there), a second joins, the first is killed.</summary>
    static async Task<TimeSpan> Failover(string root, string silo, Dictionary<string, string> settings)
    {
        await using var cluster = await LocalCluster.Start(root, silo, 1, settings);
        using var session = await Session.Open(cluster.Urls);
        var survivorUrl = await cluster.Add();
        using var survivor = session.Through(survivorUrl);
        (await survivor.GetAsync($"/api/repos/{session.Repository}/entities/{session.EntityIds[0]}")).EnsureSuccessStatusCode();

        cluster.Kill(1);
        var killed = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 1200 && killed.Elapsed < TimeSpan.FromMinutes(2); attempt++)
        {
            try
            {
                using var response = await survivor.PostAsJsonAsync($"/api/repos/{session.Repository}/entities",
                    new { type = "task", data = new { title = $"After the kill {attempt}", status = "todo" } });
                if (response.IsSuccessStatusCode)
                    return killed.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The repository was not served again within two minutes.");
    }

    static string BuildSilo(string root)
    {
        Console.Error.WriteLine("building src/Silo (Release)");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "src", "Silo"), "-c", "Release", "-nologo", "-v", "quiet", "-m:1"]))!;
        build.WaitForExit();
        if (build.ExitCode != 0)
            throw new InvalidOperationException("building src/Silo failed");
        return Path.Combine(root, "src", "Silo", "bin", "Release", "net10.0", "ContextKit.Silo.dll");
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ContextKit.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("ContextKit.sln not found");
    }

    /// <summary>A cluster started and stopped through deploy/local/cluster.sh in a folder of its own.</summary>
    sealed class LocalCluster(string root, string silo, string folder, Dictionary<string, string> settings) : IAsyncDisposable
    {
        public List<Uri> Urls { get; } = [];

        public static async Task<LocalCluster> Start(string root, string silo, int count, Dictionary<string, string>? settings = null)
        {
            var cluster = new LocalCluster(root, silo, Path.Combine(Path.GetTempPath(), "ck-bench-" + Guid.NewGuid().ToString("N")[..8]), settings ?? []);
            await cluster.Script("start", count.ToString());
            cluster.Urls.AddRange(File.ReadAllLines(Path.Combine(cluster.Folder, "urls")).Select(u => new Uri(u)));
            return cluster;
        }

        public string Folder => folder;

        public async Task<Uri> Add()
        {
            await Script("add");
            var url = new Uri(File.ReadAllLines(Path.Combine(folder, "urls")).Last());
            Urls.Add(url);
            return url;
        }

        public void Kill(int silo)
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(folder, $"silo-{silo}.pid")).Trim());
            Process.GetProcessById(pid).Kill();
        }

        async Task Script(params string[] arguments)
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "local", "cluster.sh"), .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["CLUSTER_DIR"] = folder, ["CONTEXTKIT_SILO"] = silo, ["CLUSTER_BASE_PORT"] = "5380" },
            };
            foreach (var (key, value) in settings)
                start.Environment[key] = value;
            using var script = Process.Start(start)!;
            var output = script.StandardOutput.ReadToEndAsync();
            var error = script.StandardError.ReadToEndAsync();
            await script.WaitForExitAsync();
            if (script.ExitCode != 0)
                throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
        }

        public async ValueTask DisposeAsync()
        {
            await Script("stop");
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One signed-up person with a starter repository, one HTTP client per node.</summary>
    sealed class Session : IDisposable
    {
        string token = "";

        public List<HttpClient> Clients { get; } = [];

        public string Repository { get; private set; } = "";

        public List<string> EntityIds { get; private set; } = [];

        public static async Task<Session> Open(IReadOnlyList<Uri> nodes)
        {
            var session = new Session();
            var email = $"bench{Guid.NewGuid():N}"[..16] + "@example.com";
            using var anonymous = new HttpClient { BaseAddress = nodes[0] };
            (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "Bench" })).EnsureSuccessStatusCode();
            var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
            login.EnsureSuccessStatusCode();
            session.token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            session.Clients.AddRange(nodes.Select(session.Through));
            var created = await session.Clients[0].PostAsJsonAsync("/api/repos", new { name = "Bench", template = "starter" });
            created.EnsureSuccessStatusCode();
            session.Repository = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var entities = await session.Clients[0].GetFromJsonAsync<JsonElement>($"/api/repos/{session.Repository}/entities");
            session.EntityIds = Items(entities).Select(e => e.GetProperty("id").GetString()!).ToList();
            return session;
        }

        static IEnumerable<JsonElement> Items(JsonElement list) =>
            list.ValueKind == JsonValueKind.Array ? list.EnumerateArray()
            : list.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value.EnumerateArray();

        public HttpClient Through(Uri node) => new()
        {
            BaseAddress = node,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };

        public void Dispose()
        {
            foreach (var client in Clients)
                client.Dispose();
        }
    }
}
