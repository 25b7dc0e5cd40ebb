using ContextKit.Benchmarks;

// Plain harness: each measurement runs warm-up rounds, then timed rounds, and prints min / median / max.
// Usage: dotnet run -c Release --project bench/ContextKit.Benchmarks -- [context|ot|git] [--sizes 1000,10000] [--rounds 7]
var suites = new Dictionary<string, Action<BenchmarkOptions>>(StringComparer.OrdinalIgnoreCase)
{
    ["context"] = ContextEngineBenchmarks.Run,
    ["ot"] = ConvergenceBenchmarks.Run,
    ["git"] = GitBenchmarks.Run,
};
var options = BenchmarkOptions.Parse(args);
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && suites.ContainsKey(a)).ToList();
foreach (var name in selected.Count > 0 ? selected : suites.Keys.ToList())
    suites[name](options);
