using System.Threading.Channels;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Services;

/// <summary>
/// Hands change-feed events to a page one batch at a time. The stream delivers events on its own
/// thread and waits for each listener, so the listener only queues them here; a single loop then
/// passes them on in order, gathering those that piled up while the page was still busy with the
/// previous ones (a burst of saves becomes one refresh).
/// </summary>
sealed class ChangeFollower(Func<IReadOnlyList<ChangeEvent>, Task> onChanges, ILogger logger) : IAsyncDisposable
{
    readonly Channel<ChangeEvent> queue = Channel.CreateUnbounded<ChangeEvent>(new UnboundedChannelOptions { SingleReader = true });
    IAsyncDisposable? registration;
    Task loop = Task.CompletedTask;

    public Task Enqueue(ChangeEvent change)
    {
        queue.Writer.TryWrite(change);
        return Task.CompletedTask;
    }

    public void Start(IAsyncDisposable feedRegistration)
    {
        registration = feedRegistration;
        loop = Run();
    }

    async Task Run()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<ChangeEvent>();
            while (reader.TryRead(out var change))
                batch.Add(change);
            try
            {
                await onChanges(batch);
            }
            catch (Exception e)
            {
                // The page may be gone (circuit closed) or one refresh failed; the next event tries again.
                logger.LogWarning(e, "Applying {Count} change feed events to the page failed", batch.Count);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (registration is not null)
            await registration.DisposeAsync();
        queue.Writer.TryComplete();
        await loop;
    }
}
