using System.Diagnostics;
using ContextKit.Domain.Collaboration;
using ContextKit.Domain.Tests.Collaboration;

namespace ContextKit.Benchmarks;

/// <summary>
/// Live co-editing: how many random schedules converge (all of them, or it is a bug) and how fast operations transform.
/// The schedules are the test suite's (tests/Domain.Tests/Collaboration/CoEditingSimulation.cs, compiled into this
/// project too): 2–5 clients, random edits against whatever version each has seen, random delivery both ways.
/// </summary>
public static class ConvergenceBenchmarks
{
    const int Schedules = 10_000;

    public static void Run(BenchmarkOptions options)
    {
        Harness.Header("Live co-editing (operational transformation)");

        var watch = Stopwatch.StartNew();
        int converged = 0, edits = 0, transformed = 0;
        var failures = new List<int>();
        for (var seed = 0; seed < Schedules; seed++)
        {
            var random = new Random(seed);
            var outcome = CoEditingSimulation.Run(seed, clientCount: random.Next(2, 6), steps: random.Next(10, 121), SimulatedEdits.InsertAndDelete);
            edits += outcome.Edits;
            transformed += outcome.Transformed;
            if (outcome.Converged)
                converged++;
            else if (failures.Count < 10)
                failures.Add(seed);
        }
        Harness.Row($"random schedules converged (2–5 clients, 10–120 steps, inserts kept)", $"{converged:N0} / {Schedules:N0}");
        Harness.Row("edits / submissions transformed past concurrent ones", $"{edits:N0} / {transformed:N0}");
        Harness.Row("time for all schedules", $"{watch.Elapsed.TotalSeconds:F1} s");
        if (failures.Count > 0)
            Console.WriteLine($"Diverging seeds: {string.Join(", ", failures)}");

        // Transform throughput: concurrent 1–3-edit operations on a 10,000-character document.
        var document = new string('x', 10_000);
        var random2 = new Random(7);
        var pairs = Enumerable.Range(0, 1000).Select(_ => (RandomOperation(random2, document.Length), RandomOperation(random2, document.Length))).ToArray();
        const int transformsPerRound = 100_000;
        Harness.Measure($"{transformsPerRound:N0} transforms (10k-char document)", options.Rounds, () =>
        {
            for (var i = 0; i < transformsPerRound; i++)
                _ = TextOperation.Transform(pairs[i % pairs.Length].Item1, pairs[i % pairs.Length].Item2);
        });
        var throughput = Stopwatch.StartNew();
        for (var i = 0; i < transformsPerRound; i++)
            _ = TextOperation.Transform(pairs[i % pairs.Length].Item1, pairs[i % pairs.Length].Item2);
        Harness.Row("transform throughput", $"{transformsPerRound / throughput.Elapsed.TotalSeconds:N0} ops/s");

        // Server path: each submission is 10 versions behind, so it is transformed 10 times and then applied.
        const int submissions = 10_000;
        Harness.Measure($"{submissions:N0} submissions, each 10 versions behind (10k-char document)", options.Rounds, () =>
        {
            var history = new DocumentHistory(document);
            var rng = new Random(11);
            for (var i = 0; i < submissions; i++)
            {
                var baseVersion = Math.Max(0, history.Version - 10);
                var length = baseVersion == history.Version ? history.Text.Length : history.Recent[(int)(baseVersion - history.OldestVersion)].Operation.BaseLength;
                history.Submit(baseVersion, RandomInsertOrDelete(rng, length), "bench");
            }
        });
    }

    static TextOperation RandomOperation(Random random, int length)
    {
        var builder = new TextOperationBuilder();
        var at = 0;
        for (var edits = random.Next(1, 4); edits > 0 && at < length; edits--)
        {
            var skip = random.Next(0, (length - at) / 2 + 1);
            builder.Retain(skip);
            at += skip;
            if (random.Next(2) == 0)
                builder.Insert("inserted");
            else
            {
                var delete = Math.Min(random.Next(1, 20), length - at);
                builder.Delete(delete);
                at += delete;
            }
        }
        return builder.Retain(length - at).Build();
    }

    static TextOperation RandomInsertOrDelete(Random random, int length)
    {
        var at = random.Next(length + 1);
        var builder = new TextOperationBuilder().Retain(at);
        // Keep the document near its size: delete as often as insert.
        if (random.Next(2) == 0 || at == length)
            return builder.Insert("typed").Retain(length - at).Build();
        var delete = Math.Min(5, length - at);
        return builder.Delete(delete).Retain(length - at - delete).Build();
    }
}
