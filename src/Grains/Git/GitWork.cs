using System.Diagnostics;
using ContextKit.Grains.Diagnostics;

namespace ContextKit.Grains.Git;

/// <summary>
/// Runs blocking git and file work off the grain scheduler, on a bounded number of thread-pool threads,
/// so that a burst of commits cannot starve the silo of threads. Grain code awaits the result and touches
/// its fields only after the await.
/// </summary>
public static class GitWork
{
    static readonly SemaphoreSlim Slots = new(Math.Max(4, Environment.ProcessorCount * 2));

    public static async Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        var queued = Stopwatch.GetTimestamp();
        await Slots.WaitAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        ContextKitMetrics.GitQueueWait.Record(Stopwatch.GetElapsedTime(queued, started).TotalSeconds);
        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            Slots.Release();
            ContextKitMetrics.GitOperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public static Task Run(Action work, CancellationToken cancellationToken = default) =>
        Run(() => { work(); return true; }, cancellationToken);
}
