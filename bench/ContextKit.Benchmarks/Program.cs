using ContextKit.Benchmarks;

// Plain harness: each measurement runs warm-up rounds, then timed rounds, and prints min / median / max.
// Usage: dotnet run -c Release --project bench/ContextKit.Benchmarks -- [context|ot|git|live|cluster] [--sizes 1000,10000] [--rounds 7]
//        live: [--participants 2,10,50] [--edits 200] [--clients 1000] [--events 100] [--rate 5] [--poll 20]
var suites = new Dictionary<string, Action<BenchmarkOptions>>(StringComparer.OrdinalIgnoreCase)
{
    ["context"] = ContextEngineBenchmarks.Run,
    ["ot"] = ConvergenceBenchmarks.Run,
    ["git"] = GitBenchmarks.Run,
};
// Started only when named: they start server processes (live: one product node; cluster: PostgreSQL and
// several silos through deploy/local/cluster.sh).
var onRequest = new Dictionary<string, Action<BenchmarkOptions>>(StringComparer.OrdinalIgnoreCase)
{
    ["live"] = LiveBenchmarks.Run,
    ["cluster"] = ClusterBenchmarks.Run,
};
var options = BenchmarkOptions.Parse(args);
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && (suites.ContainsKey(a) || onRequest.ContainsKey(a))).ToList();
foreach (var name in selected.Count > 0 ? selected : suites.Keys.ToList())
    (suites.TryGetValue(name, out var suite) ? suite : onRequest[name])(options);
