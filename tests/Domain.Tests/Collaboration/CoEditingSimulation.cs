using System.Text;
using ContextKit.Domain.Collaboration;

namespace ContextKit.Domain.Tests.Collaboration;

/// <summary>What a simulated session may do besides clients inserting markers.</summary>
enum SimulatedEdits
{
    /// <summary>Clients only insert; every insert must survive.</summary>
    InsertOnly,

    /// <summary>Clients insert markers and delete runs of whole markers or characters.</summary>
    InsertAndDelete,

    /// <summary>As <see cref="InsertAndDelete"/>, plus whole-file writes from outside folded in by <see cref="DocumentHistory.Replace"/>.</summary>
    WithOutsideWrites,
}

/// <summary>The end state of one simulated session.</summary>
/// <param name="Transformed">Submissions that arrived against an older version and had to be transformed.</param>
sealed record SimulationOutcome(string ServerText, IReadOnlyList<string> ClientTexts, IReadOnlyList<string> Problems, int Edits, int Transformed)
{
    public bool Converged => ClientTexts.All(t => t == ServerText) && Problems.Count == 0;

    public override string ToString() => $"server: {ServerText}\n" + string.Join("\n", ClientTexts.Select((t, i) => $"client {i}: {t}"))
        + "\n" + string.Join("\n", Problems);
}

/// <summary>
/// One co-editing session with 2–5 clients and a server, driven by a seeded random scheduler: clients edit their
/// local copy whenever they like (against whatever version they have seen), their submissions reach the server in
/// random order, and the server's acknowledgements and broadcasts reach each client in random order (the client
/// holds early ones back until it has handled the version before, as a versioned transport would). After the
/// random phase every message is delivered, and all copies must be equal.
/// </summary>
/// <remarks>
/// Inserts are unique markers like <c>&lt;2.7&gt;</c> placed between whole tokens (a marker or one character), and
/// deletes remove whole tokens, so a marker is either wholly present or was deleted by someone who saw it. The
/// outcome lists every marker that is missing without having been deleted, or present although deleted, or duplicated.
/// </remarks>
sealed class CoEditingSimulation
{
    readonly Random random;
    readonly SimulatedEdits edits;
    readonly DocumentHistory server;
    readonly List<SimulatedClient> clients;
    readonly List<(int Client, EditSubmission Submission)> toServer = [];
    readonly HashSet<string> inserted = [];
    readonly HashSet<string> deleted = [];
    int outsideWrites;
    int editCount;
    int transformed;

    CoEditingSimulation(int seed, int clientCount, SimulatedEdits edits)
    {
        random = new Random(seed);
        this.edits = edits;
        var initial = RandomText(random.Next(0, 12));
        server = new DocumentHistory(initial);
        clients = [.. Enumerable.Range(0, clientCount).Select(i => new SimulatedClient(i, new CollaborationClient(initial, 0)))];
    }

    public static SimulationOutcome Run(int seed, int clientCount, int steps, SimulatedEdits edits)
    {
        var simulation = new CoEditingSimulation(seed, clientCount, edits);
        simulation.Play(steps);
        return simulation.Outcome();
    }

    void Play(int steps)
    {
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(100);
            if (roll < 35)
                LocalEdit(clients[random.Next(clients.Count)]);
            else if (roll < 60)
                ServeOne();
            else if (roll < 97)
                DeliverOne();
            else if (edits == SimulatedEdits.WithOutsideWrites)
                OutsideWrite();
        }
        // Quiesce: everything in flight is delivered, still in random order.
        while (toServer.Count > 0 || clients.Any(c => c.Inbox.Count > 0))
        {
            if (toServer.Count > 0 && random.Next(2) == 0)
                ServeOne();
            else
                DeliverOne();
        }
    }

    void LocalEdit(SimulatedClient client)
    {
        // One to three edits composed into one operation, as an editor batches keystrokes.
        var text = client.Session.Text;
        TextOperation? operation = null;
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var next = RandomEdit(text, $"<{client.Id}.{client.NextMarker++}>");
            operation = operation is null ? next : TextOperation.Compose(operation, next);
            text = next.Apply(text);
        }
        editCount++;
        if (client.Session.Edit(operation!) is { } submission)
            toServer.Add((client.Id, submission));
    }

    TextOperation RandomEdit(string text, string marker)
    {
        var tokens = Tokens(text);
        var builder = new TextOperationBuilder();
        if (edits == SimulatedEdits.InsertOnly || tokens.Count == 0 || random.Next(3) > 0)
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
        var (client, submission) = toServer[index];
        toServer.RemoveAt(index);
        if (submission.BaseVersion < server.Version)
            transformed++;
        var applied = server.Submit(submission.BaseVersion, submission.Operation, $"client{client}");
        Broadcast(applied, author: client);
    }

    void OutsideWrite()
    {
        // A whole-file write: drop a few characters somewhere and add a line, as a REST client or a pull would.
        var text = server.Text;
        var cut = random.Next(text.Length + 1);
        while (cut < text.Length && char.IsLowSurrogate(text[cut]))
            cut++;
        var length = Math.Min(random.Next(4), text.Length - cut);
        while (cut + length < text.Length && char.IsLowSurrogate(text[cut + length]))
            length++;
        var rewritten = text[..cut] + $"[outside {outsideWrites++}]" + text[(cut + length)..];
        if (server.Replace(rewritten, "rest") is { } applied)
            Broadcast(applied, author: -1);
    }

    void Broadcast(AppliedOperation applied, int author)
    {
        foreach (var client in clients)
            client.Inbox.Add(new ServerMessage(applied.Version, client.Id == author ? null : applied.Operation));
    }

    void DeliverOne()
    {
        var waiting = clients.Where(c => c.Inbox.Count > 0).ToList();
        if (waiting.Count == 0)
            return;
        var client = waiting[random.Next(waiting.Count)];
        var index = random.Next(client.Inbox.Count);
        var message = client.Inbox[index];
        client.Inbox.RemoveAt(index);
        client.Early.Add(message.Version, message);
        while (client.Early.Remove(client.Session.Version + 1, out var next))
        {
            if (next.Operation is null)
            {
                if (client.Session.Acknowledge(next.Version) is { } submission)
                    toServer.Add((client.Id, submission));
            }
            else
                client.Session.Receive(next.Version, next.Operation);
        }
    }

    SimulationOutcome Outcome()
    {
        var problems = new List<string>();
        foreach (var client in clients)
        {
            if (client.Session.HasPendingEdits || client.Early.Count > 0)
                problems.Add($"client {client.Id} still has pending edits or undelivered messages");
            if (client.Session.Version != server.Version)
                problems.Add($"client {client.Id} is at version {client.Session.Version}, the server at {server.Version}");
        }
        // Outside writes diff characters, not tokens, so they may cut markers; then only convergence is checked.
        if (edits != SimulatedEdits.WithOutsideWrites)
        {
            foreach (var marker in inserted)
            {
                var count = Occurrences(server.Text, marker);
                var expected = deleted.Contains(marker) ? 0 : 1;
                if (count != expected)
                    problems.Add($"marker {marker} occurs {count} times, expected {expected}");
            }
        }
        return new SimulationOutcome(server.Text, [.. clients.Select(c => c.Session.Text)], problems, editCount, transformed);
    }

    static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Markers, surrogate pairs and single characters: the units a simulated user edits.</summary>
    static List<(int Start, int Length)> Tokens(string text)
    {
        var tokens = new List<(int, int)>();
        for (var i = 0; i < text.Length;)
        {
            var close = text[i] == '<' ? text.IndexOf('>', i) : -1;
            // An outside write may have cut a marker; its pieces are then plain characters.
            var length = close > i && text.IndexOf('<', i + 1, close - i) < 0 ? close - i + 1
                : char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2
                : 1;
            tokens.Add((i, length));
            i += length;
        }
        return tokens;
    }

    string RandomText(int length)
    {
        string[] pieces = ["a", "b", " ", "\n", "é", "😀"];
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
            text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    sealed record ServerMessage(long Version, TextOperation? Operation);

    sealed class SimulatedClient(int id, CollaborationClient session)
    {
        public int Id { get; } = id;
        public CollaborationClient Session { get; } = session;
        public int NextMarker { get; set; }
        public List<ServerMessage> Inbox { get; } = [];
        public Dictionary<long, ServerMessage> Early { get; } = [];
    }
}
