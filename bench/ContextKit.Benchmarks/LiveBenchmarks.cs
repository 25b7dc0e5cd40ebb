using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Web.Tests;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Benchmarks;

/// <summary>
/// Live collaboration against the real product: one server process (<see cref="ProductNode"/>, the browser tests'
/// launcher) and real SignalR hub clients in this process, over loopback.
/// <list type="bullet">
/// <item>edit → other participants: N participants open one document; edits (one at a time, from the participants in
/// turn) are timed from the sender's <c>EditDocument</c> call to each other participant's <c>DocumentChanged</c>.</item>
/// <item>change-feed fan-out: 1,000 hub connections join one repository; file writes through the REST API are timed
/// from the event's server timestamp to each connection's <c>RepositoryChanged</c>.</item>
/// </list>
/// </summary>
public static class LiveBenchmarks
{
    const string Password = "a long enough passphrase";
    const string DocumentPath = "notes/live.md";

    public static void Run(BenchmarkOptions options) => RunAsync(options).GetAwaiter().GetResult();

    static async Task RunAsync(BenchmarkOptions options)
    {
        var data = Path.Combine(Path.GetTempPath(), "ck-bench-live-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        await using var node = ProductNode.Start("bench", data, null,
            $"--ContextKit:Orleans:StreamPollMilliseconds={options.StreamPollMilliseconds}", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        var url = await node.Started.WaitAsync(TimeSpan.FromMinutes(2));
        try
        {
            using var http = new HttpClient { BaseAddress = url };
            var token = await SignUp(http, "owner");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var repository = await CreateRepository(http);
            await PutFile(http, repository, DocumentPath, "# Live\n\n");

            Console.WriteLine();
            Console.WriteLine($"## Live collaboration (stream poll {options.StreamPollMilliseconds} ms)");
            Console.WriteLine();
            Console.WriteLine("| measurement | p50 | p99 | max | samples |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var participants in options.Participants)
                await EditLatency(url, http, repository, participants, options.Edits);
            foreach (var size in (int[])[2_000, 100_000, 1_000_000])
                await AcknowledgementLatency(url, token, http, repository, size, options.Edits);
            await FanOut(url, token, http, repository, node, options.Clients, options.Events, options.Rate);
        }
        finally
        {
            await node.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    static async Task EditLatency(Uri url, HttpClient http, string repository, int count, int edits)
    {
        // Each participant is a person of their own, as in a real session.
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var anonymous = new HttpClient { BaseAddress = url };
            var email = await Register(anonymous, $"p{i}");
            await AddEditor(http, repository, email);
            tokens.Add(await Login(anonymous, email));
        }

        var received = new ConcurrentDictionary<(int Participant, long Version), long>();
        var connections = new List<HubConnection>();
        long version = 0;
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var participant = i;
            var hub = Connect(url, tokens[i]);
            hub.On<JsonElement>("DocumentChanged", message =>
                received[(participant, message.GetProperty("version").GetInt64())] = Stopwatch.GetTimestamp());
            await hub.StartAsync();
            var snapshot = await hub.InvokeAsync<JsonElement>("OpenDocument", repository, "main", DocumentPath);
            version = snapshot.GetProperty("version").GetInt64();
            length = snapshot.GetProperty("text").GetString()!.Length;
            connections.Add(hub);
        }

        var latencies = new List<double>();
        var sentAt = new Dictionary<long, (int Sender, long At)>();
        const string Marker = "x";
        for (var e = 0; e < edits + 20; e++)
        {
            var sender = e % count;
            var ops = JsonSerializer.SerializeToElement(new object[] { new { insert = Marker }, new { retain = length } });
            var started = Stopwatch.GetTimestamp();
            var answer = await connections[sender].InvokeAsync<JsonElement>("EditDocument", repository, "main", DocumentPath, version, ops);
            version = answer.GetProperty("version").GetInt64();
            length += Marker.Length;
            if (e >= 20)
                sentAt[version] = (sender, started);
            await Task.Delay(10);
        }
        await WaitUntil(() => received.Count(r => r.Key.Version == version) >= count, TimeSpan.FromSeconds(30));
        foreach (var (v, (sender, at)) in sentAt)
            for (var p = 0; p < count; p++)
                if (p != sender && received.TryGetValue((p, v), out var arrived))
                    latencies.Add(Stopwatch.GetElapsedTime(at, arrived).TotalMilliseconds);
        var expected = sentAt.Count * (count - 1);
        Report($"edit → other participants, {count} participants on one document ({latencies.Count:N0} of {expected:N0} deliveries)", latencies);

        foreach (var hub in connections)
        {
            await hub.InvokeAsync("CloseDocument", repository, "main", DocumentPath);
            await hub.DisposeAsync();
        }
    }

    /// <summary>
    /// One participant's edits on a document of <paramref name="size"/> characters, timed from the call to its
    /// acknowledgement: each edit writes the whole text to grain storage before it is acknowledged.
    /// </summary>
    static async Task AcknowledgementLatency(Uri url, string token, HttpClient http, string repository, int size, int edits)
    {
        var path = $"notes/size-{size}.md";
        await PutFile(http, repository, path, new string('a', size - 1) + "\n");
        await using var hub = Connect(url, token);
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<JsonElement>("OpenDocument", repository, "main", path);
        var version = snapshot.GetProperty("version").GetInt64();
        var length = snapshot.GetProperty("text").GetString()!.Length;
        var latencies = new List<double>();
        for (var e = 0; e < edits + 20; e++)
        {
            var ops = JsonSerializer.SerializeToElement(new object[] { new { insert = "x" }, new { retain = length } });
            var started = Stopwatch.GetTimestamp();
            version = (await hub.InvokeAsync<JsonElement>("EditDocument", repository, "main", path, version, ops)).GetProperty("version").GetInt64();
            if (e >= 20)
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            length++;
            await Task.Delay(10);
        }
        Report($"edit → acknowledgement, one participant, {size:N0}-character document", latencies);
        await hub.InvokeAsync("CloseDocument", repository, "main", path);
    }

    static async Task FanOut(Uri url, string token, HttpClient http, string repository, ProductNode node, int clients, int events, int rate)
    {
        GC.Collect();
        node.Process.Refresh();
        var memoryBefore = node.Process.WorkingSet64;
        var received = new ConcurrentBag<double>();
        var connections = new List<HubConnection>();
        long count = 0;
        foreach (var batch in Enumerable.Range(0, clients).Chunk(50))
        {
            var started = await Task.WhenAll(batch.Select(async _ =>
            {
                var hub = Connect(url, token);
                hub.On<JsonElement>("RepositoryChanged", change =>
                {
                    var at = change.GetProperty("at").GetDateTimeOffset();
                    received.Add((DateTimeOffset.UtcNow - at).TotalMilliseconds);
                    Interlocked.Increment(ref count);
                });
                await hub.StartAsync();
                await hub.InvokeAsync<JsonElement>("JoinRepository", repository);
                return hub;
            }));
            connections.AddRange(started);
        }
        await Task.Delay(2000);
        node.Process.Refresh();
        var memoryAfter = node.Process.WorkingSet64;
        received.Clear();
        Interlocked.Exchange(ref count, 0);

        // Writes one after another at the given rate (or as fast as the API answers); every write is at least one numbered event.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < events; i++)
        {
            await PutFile(http, repository, $"fanout/f{i}.md", $"# {i}\n");
            if (rate > 0 && TimeSpan.FromSeconds((i + 1.0) / rate) - watch.Elapsed is { Ticks: > 0 } wait)
                await Task.Delay(wait);
        }
        var expectedAtLeast = (long)events * clients;
        await WaitUntil(() => Interlocked.Read(ref count) >= expectedAtLeast, TimeSpan.FromSeconds(60));
        var elapsed = watch.Elapsed.TotalSeconds;
        var messages = Interlocked.Read(ref count);
        Report($"change feed → {clients:N0} hub clients on one node, {(rate > 0 ? $"{rate} writes/s" : "writes back to back")}, event → RepositoryChanged ({messages:N0} messages)", received.ToList());
        Console.WriteLine($"| fan-out throughput, {clients:N0} clients | {messages / elapsed:N0} messages/s over {elapsed:F1} s | | | |");
        Console.WriteLine($"| server memory per connection (working set growth / {clients:N0}) | {(memoryAfter - memoryBefore) / clients / 1024.0:N0} KiB | | | |");
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    }

    static HubConnection Connect(Uri url, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(url, "hubs/repo"), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();

    static void Report(string name, List<double> samples)
    {
        if (samples.Count == 0)
        {
            Console.WriteLine($"| {name} | – | – | – | 0 |");
            return;
        }
        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        Console.WriteLine($"| {name} | {At(0.50):F1} ms | {At(0.99):F1} ms | {samples[^1]:F1} ms | {samples.Count:N0} |");
    }

    static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
    }

    static async Task<string> SignUp(HttpClient http, string name) => await Login(http, await Register(http, name));

    static async Task<string> Register(HttpClient http, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@bench.test";
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = name })).EnsureSuccessStatusCode();
        return email;
    }

    static async Task<string> Login(HttpClient http, string email)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    static async Task AddEditor(HttpClient http, string repository, string email) =>
        (await http.PutAsJsonAsync($"/api/repos/{repository}/members/{Uri.EscapeDataString(email)}", new { role = "editor" })).EnsureSuccessStatusCode();

    static async Task<string> CreateRepository(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/repos", new { name = "Live bench", template = "empty" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task PutFile(HttpClient http, string repository, string path, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repository}/files/{path}") { Content = new StringContent(text) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
