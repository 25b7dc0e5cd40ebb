using System.Diagnostics;
using ContextKit.Grains.Diagnostics;

namespace ContextKit.Grains.Git;

/// <summary>
/// Runs blocking git and file work off the grain scheduler, on a bounded number of thread-pool threads,
/// so that a burst of commits cannot starve the silo of threads. Grain code awaits the result and touches
/// its fields only after the await. A git failure that the work did not turn into a typed error means the
/// repository's data is damaged: it becomes <c>RepositoryCorruptException</c> (that repository only).
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
        catch (LibGit2Sharp.LockedFileException)
        {
            throw new ContextKit.Grains.Contracts.RepositoryUnavailableException("The repository is busy with another git operation; try again in a moment.");
        }
        catch (Exception e) when (e is LibGit2Sharp.LibGit2SharpException or GitCommandException)
        {
            // Expected git failures (an unknown revision, a rejected push...) are turned into typed errors
            // where they happen; what gets here means the repository's data could not be read or written.
            throw new ContextKit.Grains.Contracts.RepositoryCorruptException();
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
