using ContextKit.Benchmarks;

// Plain harness: each measurement runs warm-up rounds, then timed rounds, and prints min / median / max.
// Usage: dotnet run -c Release --project bench/ContextKit.Benchmarks -- [context|ot|live] [--sizes 1000,10000] [--rounds 7]
//        live: [--participants 2,10,50] [--edits 200] [--clients 1000] [--events 100] [--rate 5] [--poll 20]
var suites = new Dictionary<string, Action<BenchmarkOptions>>(StringComparer.OrdinalIgnoreCase)
{
    ["context"] = ContextEngineBenchmarks.Run,
    ["ot"] = ConvergenceBenchmarks.Run,
    ["live"] = LiveBenchmarks.Run,
};
var options = BenchmarkOptions.Parse(args);
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && suites.ContainsKey(a)).ToList();
// The live suite starts a server process: it runs only when named.
foreach (var name in selected.Count > 0 ? selected : suites.Keys.Where(k => k != "live").ToList())
    suites[name](options);
