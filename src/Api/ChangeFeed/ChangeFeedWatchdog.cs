using Microsoft.Extensions.Hosting;

namespace ContextKit.Api.ChangeFeed;

/// <summary>Runs <see cref="ChangeFeedListener.Reconcile"/> every <see cref="Period"/>: the safety net under the stream subscriptions.</summary>
public sealed class ChangeFeedWatchdog(ChangeFeedListener listener) : BackgroundService
{
    /// <summary>How often feeds are checked; a subscription that stopped delivering is healed within about two periods.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                listener.Reconcile();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
