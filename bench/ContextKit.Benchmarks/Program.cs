using ContextKit.Benchmarks;

// Plain harness: each measurement runs warm-up rounds, then timed rounds, and prints min / median / max.
// Usage: dotnet run -c Release --project bench/ContextKit.Benchmarks -- [context] [--sizes 1000,10000] [--rounds 7]
var suites = new Dictionary<string, Action<BenchmarkOptions>>(StringComparer.OrdinalIgnoreCase)
{
    ["context"] = ContextEngineBenchmarks.Run,
    ["ot"] = ConvergenceBenchmarks.Run,
};
// Started only when named: it builds the silo and runs PostgreSQL and several silos (deploy/local/cluster.sh).
var onRequest = new Dictionary<string, Action<BenchmarkOptions>>(StringComparer.OrdinalIgnoreCase)
{
    ["cluster"] = ClusterBenchmarks.Run,
};
var options = BenchmarkOptions.Parse(args);
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && (suites.ContainsKey(a) || onRequest.ContainsKey(a))).ToList();
foreach (var name in selected.Count > 0 ? selected : suites.Keys.ToList())
    (suites.TryGetValue(name, out var suite) ? suite : onRequest[name])(options);
