using System.Diagnostics;

namespace ContextKit.Benchmarks;

public sealed record BenchmarkOptions(IReadOnlyList<int> Sizes, int Rounds)
{
    /// <summary>Live suite: participants on one document per latency run.</summary>
    public IReadOnlyList<int> Participants { get; init; } = [2, 10, 50];

    /// <summary>Live suite: timed edits per latency run.</summary>
    public int Edits { get; init; } = 200;

    /// <summary>Live suite: hub connections for the fan-out run, and the events sent to them.</summary>
    public int Clients { get; init; } = 1000;

    public int Events { get; init; } = 100;

    /// <summary>Live suite: file writes per second in the fan-out run (0: as fast as the API answers).</summary>
    public int Rate { get; init; } = 5;

    /// <summary>Live suite: the server's memory-stream polling period.</summary>
    public int StreamPollMilliseconds { get; init; } = 20;

    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        List<int>? List(string name) => Value(name)?.Split(',').Select(int.Parse).ToList();
        var defaults = new BenchmarkOptions([], 0);
        return new BenchmarkOptions(List("--sizes") ?? [1000, 10000], int.Parse(Value("--rounds") ?? "7"))
        {
            Participants = List("--participants") ?? defaults.Participants,
            Edits = int.Parse(Value("--edits") ?? defaults.Edits.ToString()),
            Clients = int.Parse(Value("--clients") ?? defaults.Clients.ToString()),
            Events = int.Parse(Value("--events") ?? defaults.Events.ToString()),
            Rate = int.Parse(Value("--rate") ?? defaults.Rate.ToString()),
            StreamPollMilliseconds = int.Parse(Value("--poll") ?? defaults.StreamPollMilliseconds.ToString()),
        };
    }
}

/// <summary>Times an action over warm-up and measured rounds and prints one table row.</summary>
public static class Harness
{
    public static void Header(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"## {title}");
        Console.WriteLine();
        Console.WriteLine("| measurement | min | median | max |");
        Console.WriteLine("|---|---:|---:|---:|");
    }

    public static void Measure(string name, int rounds, Action action, int warmup = 2)
    {
        for (var i = 0; i < warmup; i++)
            action();
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"| {name} | {Format(times[0])} | {Format(times[times.Count / 2])} | {Format(times[^1])} |");
    }

    public static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} | | |");

    static string Format(double ms) => ms >= 100 ? $"{ms:F0} ms" : $"{ms:F2} ms";
}
