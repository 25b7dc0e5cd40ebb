using System.Diagnostics.Metrics;

namespace ContextKit.Grains.Diagnostics;

/// <summary>
/// The product's own measurements, on the meter <c>ContextKit</c> (exported on /metrics next to the HTTP,
/// Orleans, SignalR and Blazor meters). Names follow OpenTelemetry conventions; units are seconds.
/// </summary>
public static class ContextKitMetrics
{
    public const string MeterName = "ContextKit";

    static readonly Meter Meter = new(MeterName);

    /// <summary>How long blocking git and file work takes once it has a slot of the git work pool.</summary>
    public static readonly Histogram<double> GitOperationDuration = Meter.CreateHistogram<double>(
        "contextkit.git.operation.duration", "s", "Duration of blocking git and working-tree operations.");

    /// <summary>How long a change waited for the git work pool before it ran.</summary>
    public static readonly Histogram<double> GitQueueWait = Meter.CreateHistogram<double>(
        "contextkit.git.queue.wait", "s", "Time git work waited for a slot of the bounded pool.");

    /// <summary>From a change being published to this node handing it to its hub and UI listeners.</summary>
    public static readonly Histogram<double> ChangeFeedLag = Meter.CreateHistogram<double>(
        "contextkit.changefeed.lag", "s", "Delay from a change-feed event being published to its delivery on this node.");
}
