using System.Diagnostics;

namespace ContextKit.Benchmarks;

public sealed record BenchmarkOptions(IReadOnlyList<int> Sizes, int Rounds)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var sizes = Value("--sizes")?.Split(',').Select(int.Parse).ToList() ?? [1000, 10000];
        return new BenchmarkOptions(sizes, int.Parse(Value("--rounds") ?? "7"));
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
