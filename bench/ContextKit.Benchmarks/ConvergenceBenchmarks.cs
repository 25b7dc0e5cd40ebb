using System.Diagnostics;
using ContextKit.Domain.Collaboration;

namespace ContextKit.Benchmarks;

/// <summary>
/// Live co-editing: how many random schedules converge (all of them, or it is a bug) and how fast operations transform.
/// The schedule driver mirrors the one in tests/Domain.Tests/Collaboration (the benchmark project cannot reference
/// the test project): 2–5 clients, random edits against whatever version each has seen, random delivery both ways.
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
            var outcome = Schedule.Run(random, clientCount: random.Next(2, 6), steps: random.Next(10, 121));
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

    /// <summary>One simulated session; markers are unique inserts, deletes remove whole tokens.</summary>
    sealed class Schedule
    {
        readonly Random random;
        readonly DocumentHistory server;
        readonly List<Client> clients;
        readonly List<(int Client, EditSubmission Submission)> toServer = [];
        readonly HashSet<string> inserted = [];
        readonly HashSet<string> deleted = [];
        int edits;
        int transformed;

        Schedule(Random random, int clientCount)
        {
            this.random = random;
            var initial = string.Concat(Enumerable.Range(0, random.Next(12)).Select(_ => new[] { "a", "b", " ", "\n", "é", "😀" }[random.Next(6)]));
            server = new DocumentHistory(initial);
            clients = [.. Enumerable.Range(0, clientCount).Select(i => new Client(i, new CollaborationClient(initial, 0)))];
        }

        public static (bool Converged, int Edits, int Transformed) Run(Random random, int clientCount, int steps)
        {
            var schedule = new Schedule(random, clientCount);
            for (var step = 0; step < steps; step++)
            {
                var roll = random.Next(100);
                if (roll < 35)
                    schedule.LocalEdit(schedule.clients[random.Next(clientCount)]);
                else if (roll < 60)
                    schedule.ServeOne();
                else
                    schedule.DeliverOne();
            }
            while (schedule.toServer.Count > 0 || schedule.clients.Any(c => c.Inbox.Count > 0))
            {
                if (schedule.toServer.Count > 0 && random.Next(2) == 0)
                    schedule.ServeOne();
                else
                    schedule.DeliverOne();
            }
            return (schedule.Converged(), schedule.edits, schedule.transformed);
        }

        void LocalEdit(Client client)
        {
            var text = client.Session.Text;
            TextOperation? operation = null;
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                var next = RandomEdit(text, $"<{client.Id}.{client.NextMarker++}>");
                operation = operation is null ? next : TextOperation.Compose(operation, next);
                text = next.Apply(text);
            }
            edits++;
            if (client.Session.Edit(operation!) is { } submission)
                toServer.Add((client.Id, submission));
        }

        TextOperation RandomEdit(string text, string marker)
        {
            var tokens = Tokens(text);
            var builder = new TextOperationBuilder();
            if (tokens.Count == 0 || random.Next(3) > 0)
            {
                var at = random.Next(tokens.Count + 1);
                var position = at == tokens.Count ? text.Length : tokens[at].Start;
                inserted.Add(marker);
                return builder.Retain(position).Insert(marker).Retain(text.Length - position).Build();
            }
            var first = random.Next(tokens.Count);
            var last = Math.Min(tokens.Count - 1, first + random.Next(3));
            var start = tokens[first].Start;
            var end = tokens[last].Start + tokens[last].Length;
            foreach (var token in tokens.Skip(first).Take(last - first + 1))
                if (text[token.Start] == '<')
                    deleted.Add(text.Substring(token.Start, token.Length));
            return builder.Retain(start).Delete(end - start).Retain(text.Length - end).Build();
        }

        void ServeOne()
        {
            if (toServer.Count == 0)
                return;
            var index = random.Next(toServer.Count);
            var (author, submission) = toServer[index];
            toServer.RemoveAt(index);
            if (submission.BaseVersion < server.Version)
                transformed++;
            var applied = server.Submit(submission.BaseVersion, submission.Operation, $"client{author}");
            foreach (var client in clients)
                client.Inbox.Add((applied.Version, client.Id == author ? null : applied.Operation));
        }

        void DeliverOne()
        {
            var waiting = clients.Where(c => c.Inbox.Count > 0).ToList();
            if (waiting.Count == 0)
                return;
            var client = waiting[random.Next(waiting.Count)];
            var index = random.Next(client.Inbox.Count);
            var (version, operation) = client.Inbox[index];
            client.Inbox.RemoveAt(index);
            client.Early.Add(version, operation);
            while (client.Early.Remove(client.Session.Version + 1, out var next))
            {
                if (next is null)
                {
                    if (client.Session.Acknowledge(client.Session.Version + 1) is { } submission)
                        toServer.Add((client.Id, submission));
                }
                else
                    client.Session.Receive(client.Session.Version + 1, next);
            }
        }

        bool Converged() =>
            clients.All(c => c.Session.Text == server.Text && c.Session.Version == server.Version && !c.Session.HasPendingEdits)
            && inserted.All(m => Occurrences(server.Text, m) == (deleted.Contains(m) ? 0 : 1));

        static int Occurrences(string text, string marker)
        {
            var count = 0;
            for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
                count++;
            return count;
        }

        static List<(int Start, int Length)> Tokens(string text)
        {
            var tokens = new List<(int, int)>();
            for (var i = 0; i < text.Length;)
            {
                var length = text[i] == '<' ? text.IndexOf('>', i) - i + 1 : char.IsHighSurrogate(text[i]) ? 2 : 1;
                tokens.Add((i, length));
                i += length;
            }
            return tokens;
        }

        sealed class Client(int id, CollaborationClient session)
        {
            public int Id { get; } = id;
            public CollaborationClient Session { get; } = session;
            public int NextMarker { get; set; }
            public List<(long Version, TextOperation? Operation)> Inbox { get; } = [];
            public Dictionary<long, TextOperation?> Early { get; } = [];
        }
    }
}
