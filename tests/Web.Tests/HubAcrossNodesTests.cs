using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ContextKit.Web.Tests;

/// <summary>
/// The hub across the two nodes of <see cref="ContextKitServer"/> (shared data folder, memory streams, pub-sub in memory):
/// a client on node B hears what happens through node A in a repository created a moment before, every time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HubAcrossNodesTests(ContextKitServer server)
{
    const string Password = "a long enough passphrase";
    const int Rounds = 12;
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_client_on_node_B_hears_changes_and_presence_made_through_node_A_in_a_new_repository_every_time()
    {
        var email = $"hub-{Guid.NewGuid():N}@example.test";
        using var onA = new ApiClient(server.Url);
        await onA.Register(email, Password, "Hub Tester");
        await onA.SignIn(email, Password);

        for (var round = 1; round <= Rounds; round++)
        {
            // A fresh repository each round: its stream is new to both nodes, as in the report.
            var repository = await onA.CreateRepository($"Across nodes {round}");
            await using var onB = Connect(server.SecondUrl, onA.AccessToken);
            await using var presenceOnA = Connect(server.Url, onA.AccessToken);
            var changes = new ConcurrentQueue<JsonElement>();
            var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var presence = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var path = $"notes/round-{round}.md";
            onB.On<JsonElement>("RepositoryChanged", change =>
            {
                changes.Enqueue(change);
                if (change.GetProperty("kind").GetString() == "file.written"
                    && change.GetProperty("paths").EnumerateArray().Any(p => p.GetString() == path))
                    written.TrySetResult();
            });
            onB.On<string, JsonElement>("PresenceChanged", (_, present) =>
            {
                if (present.EnumerateArray().Any(e => e.TryGetProperty("path", out var where) && where.GetString() == path))
                    presence.TrySetResult();
            });
            await onB.StartAsync();
            await presenceOnA.StartAsync();
            await onB.InvokeAsync<JsonElement>("JoinRepository", repository);

            await onA.CreateFile(repository, path, $"# Round {round}\n");
            await presenceOnA.InvokeAsync<JsonElement>("SetPresence", repository, new { branch = "main", path, cursor = (string?)null });

            await Within(written.Task, $"round {round}: node B never heard file.written for {path}; it heard {Kinds(changes)}");
            await Within(presence.Task, $"round {round}: node B never heard node A's presence on {path}");
        }
    }

    async Task Within(Task task, string failure)
    {
        if (await Task.WhenAny(task, Task.Delay(Patience)) != task)
            Assert.Fail($"{failure} (waited {Patience.TotalSeconds:0} s).\n{Tail(server.Output)}");
    }

    static string Kinds(IEnumerable<JsonElement> changes) =>
        "[" + string.Join(", ", changes.Select(c => $"{c.GetProperty("sequence")}:{c.GetProperty("kind").GetString()}")) + "]";

    static string Tail(string output) => output.Length > 6000 ? output[^6000..] : output;

    static HubConnection Connect(Uri node, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/repo"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
}
