using System.Collections.Concurrent;
using System.Diagnostics;
using ContextKit.Cluster.Tests.Infrastructure;

namespace ContextKit.Cluster.Tests.Failover;

/// <summary>
/// A steady write load on one repository: each writer creates new files in a loop through the nodes it
/// is given, and remembers every write that was acknowledged (2xx) with the text it wrote. Bounded by
/// the caller's cancellation; one request at a time per writer.
/// </summary>
public sealed class WriteLoad(string repository, Func<IReadOnlyList<ProductClient>> targets, int writers = 4)
{
    readonly Stopwatch clock = Stopwatch.StartNew();

    public ConcurrentDictionary<string, string> Acknowledged { get; } = new();

    public ConcurrentQueue<(TimeSpan At, string Node, string Outcome)> Failures { get; } = new();

    /// <summary>When each acknowledged write came back, in load time.</summary>
    public ConcurrentQueue<(TimeSpan At, string Node)> Successes { get; } = new();

    public TimeSpan Now => clock.Elapsed;

    public int Writers => writers;

    public Task Run(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => Writer(w, stop))));

    async Task Writer(int writer, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var nodes = targets();
            var client = nodes[(writer + n) % nodes.Count];
            var path = $"load/w{writer}-{n:0000}.md";
            var text = $"writer {writer}, write {n}, {Guid.NewGuid():N}\n";
            try
            {
                using var response = await client.TryCreateFile(repository, path, text, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    Acknowledged[path] = text;
                    Successes.Enqueue((Now, client.Node.Authority));
                }
                else
                    Failures.Enqueue((Now, client.Node.Authority, $"{(int)response.StatusCode}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Failures.Enqueue((Now, client.Node.Authority, e.GetType().Name));
            }
            await Task.Delay(25, CancellationToken.None);
        }
    }
}
