using System.Threading.Channels;
using ContextKit.Domain.Collaboration;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Editor;

/// <summary>What the session needs from the browser's editor (live-editor.mjs).</summary>
public interface ILiveEditorView
{
    /// <summary>Remote edit number <paramref name="number"/>, made after the session took in <paramref name="localSeen"/> local edits.</summary>
    Task ApplyRemote(int epoch, int number, int localSeen, string operationsJson);

    /// <summary>Replaces the editor's text and starts a new epoch (after a resynchronisation).</summary>
    Task Reset(int epoch, string text);
}

/// <summary>What the session needs from the server: the document grain, through the role checks.</summary>
public interface ILiveDocumentServer
{
    Task<DocumentSnapshot> Open();

    Task<long> Edit(long baseVersion, string operationsJson);
}

/// <summary>
/// The circuit's side of a live document. It runs the Domain <see cref="CollaborationClient"/> against the document
/// grain (one edit in flight, the rest buffered, remote edits transformed past them), and keeps the browser's
/// CodeMirror in step: the browser edits concurrently, so each local edit arrives with the number of remote edits the
/// browser had applied, and is transformed here past the remote edits it had not seen yet (the browser does the
/// mirror image with CodeMirror's ChangeSet.map). Offsets are UTF-16 code units throughout.
/// </summary>
/// <remarks>
/// Everything happens on one loop, in arrival order, so no locks: local edits, server acknowledgements and broadcasts.
/// Broadcasts are applied in version order; while an edit of ours is in flight, broadcasts wait until its
/// acknowledgement says which version is ours (our own edit comes back as a broadcast too, and is skipped).
/// A failed edit, or a version that never arrives, resynchronises: the document is reopened and the editor reset.
/// </remarks>
public sealed class LiveDocumentSession : IAsyncDisposable
{
    static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(3);

    readonly ILiveDocumentServer server;
    readonly ILiveEditorView view;
    readonly ILogger logger;
    readonly Channel<Message> inbox = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    readonly SortedDictionary<long, TextOperation> held = [];
    readonly List<(int Number, TextOperation Operation)> unseenByBrowser = [];
    CollaborationClient client;
    int epoch = 1;
    int remoteSent;
    int localTaken;
    bool awaitingAck;
    long? knownAck;
    DateTime? gapSince;
    Task loop = Task.CompletedTask;
    readonly Timer gapCheck;

    LiveDocumentSession(ILiveDocumentServer server, ILiveEditorView view, DocumentSnapshot snapshot, ILogger logger)
    {
        this.server = server;
        this.view = view;
        this.logger = logger;
        client = new CollaborationClient(snapshot.Text, snapshot.Version);
        InitialText = snapshot.Text;
        gapCheck = new Timer(_ => inbox.Writer.TryWrite(new GapCheck()), null, GapPatience, GapPatience);
    }

    /// <summary>The text the document had when the session opened it: what the browser's editor starts from.</summary>
    public string InitialText { get; }

    /// <summary>The text as the session has it (including edits not yet acknowledged).</summary>
    public string Text => client.Text;

    public long Version => client.Version;

    public int Epoch => epoch;

    /// <summary>Raised (on the loop) after the session resynchronised with the server.</summary>
    public event Action? Resynchronised;

    /// <summary>
    /// Opens the document. Call <see cref="Received"/> for every broadcast edit from before this returns (subscribe
    /// first, so none is missed); those at or below the snapshot's version are ignored.
    /// </summary>
    public static async Task<LiveDocumentSession> Start(ILiveDocumentServer server, ILiveEditorView view, ILogger logger)
    {
        var session = new LiveDocumentSession(server, view, await server.Open(), logger);
        session.loop = session.Run();
        return session;
    }

    /// <summary>A local edit from the browser (see live-editor.mjs).</summary>
    public void LocalEdit(int editEpoch, int sequence, int remoteSeen, string operationsJson) =>
        inbox.Writer.TryWrite(new LocalEditMessage(editEpoch, sequence, remoteSeen, operationsJson));

    /// <summary>An edit broadcast by the document grain (anyone's, ours included).</summary>
    public Task Received(DocumentEdit edit)
    {
        inbox.Writer.TryWrite(new Broadcast(edit.Version, edit.OperationsJson));
        return Task.CompletedTask;
    }

    async Task Run()
    {
        await foreach (var message in inbox.Reader.ReadAllAsync())
        {
            try
            {
                switch (message)
                {
                    case LocalEditMessage local:
                        await TakeLocal(local);
                        break;
                    case Broadcast broadcast when broadcast.Version > client.Version:
                        held[broadcast.Version] = TextOperation.Parse(broadcast.OperationsJson);
                        break;
                    case Acknowledged ack:
                        knownAck = ack.Version;
                        break;
                    case EditFailed failed:
                        logger.LogWarning(failed.Error, "A live edit was refused; reopening the document");
                        await Resynchronise();
                        continue;
                    case GapCheck when gapSince is { } since && DateTime.UtcNow - since > GapPatience:
                        logger.LogWarning("Live document version {Version} never arrived; reopening the document", client.Version + 1);
                        await Resynchronise();
                        continue;
                }
                await Pump();
            }
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                logger.LogWarning(e, "Live document session failed on {Message}; reopening the document", message.GetType().Name);
                await TryResynchronise();
            }
        }
    }

    async Task TakeLocal(LocalEditMessage local)
    {
        if (local.Epoch != epoch)
            return;
        var operation = TextOperation.Parse(local.OperationsJson);
        // Move the edit past the remote edits the browser had not applied when it made it, and those past the edit.
        unseenByBrowser.RemoveAll(r => r.Number <= local.RemoteSeen);
        for (var i = 0; i < unseenByBrowser.Count; i++)
        {
            var (number, remote) = unseenByBrowser[i];
            var (mine, theirs) = TextOperation.Transform(operation, remote, InsertTieBreak.LeftFirst);
            operation = mine;
            unseenByBrowser[i] = (number, theirs);
        }
        localTaken = local.Sequence;
        if (client.Edit(operation) is { } submission)
            Send(submission);
    }

    /// <summary>Applies acknowledgements and broadcasts in version order, as far as they go.</summary>
    async Task Pump()
    {
        while (true)
        {
            var next = client.Version + 1;
            if (knownAck == next)
            {
                knownAck = null;
                awaitingAck = false;
                held.Remove(next);
                if (client.Acknowledge(next) is { } submission)
                    Send(submission);
                continue;
            }
            // While our edit is in flight, the next broadcast may be it: wait for the acknowledgement to tell.
            if ((!awaitingAck || knownAck is not null) && held.Remove(next, out var remote))
            {
                var local = client.Receive(next, remote);
                remoteSent++;
                unseenByBrowser.Add((remoteSent, local));
                await view.ApplyRemote(epoch, remoteSent, localTaken, local.ToJson());
                continue;
            }
            break;
        }
        // Waiting for the server to answer our edit is not a gap; waiting for a version someone else made is.
        var missing = knownAck is not null || (held.Count > 0 && !awaitingAck);
        gapSince = missing ? gapSince ?? DateTime.UtcNow : null;
    }

    void Send(EditSubmission submission)
    {
        awaitingAck = true;
        var sentInEpoch = epoch;
        _ = Task.Run(async () =>
        {
            try
            {
                var version = await server.Edit(submission.BaseVersion, submission.Operation.ToJson());
                inbox.Writer.TryWrite(sentInEpoch == epoch ? new Acknowledged(version) : new GapCheck());
            }
            catch (Exception e)
            {
                inbox.Writer.TryWrite(new EditFailed(e));
            }
        });
    }

    async Task TryResynchronise()
    {
        try
        {
            await Resynchronise();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reopening the live document failed");
        }
    }

    /// <summary>Starts over from the server's text: local edits not yet acknowledged are lost (the person is told).</summary>
    async Task Resynchronise()
    {
        var snapshot = await server.Open();
        epoch++;
        client = new CollaborationClient(snapshot.Text, snapshot.Version);
        held.Clear();
        unseenByBrowser.Clear();
        remoteSent = 0;
        localTaken = 0;
        awaitingAck = false;
        knownAck = null;
        gapSince = null;
        await view.Reset(epoch, snapshot.Text);
        Resynchronised?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        await gapCheck.DisposeAsync();
        inbox.Writer.TryComplete();
        await loop;
    }

    abstract record Message;

    sealed record LocalEditMessage(int Epoch, int Sequence, int RemoteSeen, string OperationsJson) : Message;

    sealed record Broadcast(long Version, string OperationsJson) : Message;

    sealed record Acknowledged(long Version) : Message;

    sealed record EditFailed(Exception Error) : Message;

    sealed record GapCheck : Message;
}
