namespace ContextKit.Domain.Collaboration;

/// <summary>An edit a client sends to the server: the operation and the server version it was made against.</summary>
public sealed record EditSubmission(long BaseVersion, TextOperation Operation);

/// <summary>
/// The client side of live co-editing, as a pure state machine: the reference for the browser editor's protocol and
/// the client the convergence tests drive. A client has at most one edit in flight (awaiting the server's
/// acknowledgement); local edits made meanwhile are composed into a buffer and sent once the acknowledgement arrives.
/// Operations from the server are transformed past the in-flight edit and the buffer before they are applied locally,
/// with the server's text placed first when both insert at one position — the same choice
/// <see cref="DocumentHistory"/> makes, which is what lets both sides converge.
/// </summary>
/// <remarks>
/// Server messages must be handled in version order (acknowledgements and broadcasts share one sequence of
/// versions); a transport that can reorder them holds early ones back until the version before has been handled.
/// </remarks>
public sealed class CollaborationClient(string text, long version)
{
    TextOperation? inFlight;
    TextOperation? buffer;

    /// <summary>The local text, including edits the server has not acknowledged yet.</summary>
    public string Text { get; private set; } = text ?? throw new ArgumentNullException(nameof(text));

    /// <summary>The last server version this client has caught up with.</summary>
    public long Version { get; private set; } = version;

    /// <summary>True while an edit is in flight or buffered.</summary>
    public bool HasPendingEdits => inFlight is not null;

    /// <summary>
    /// Applies a local edit to <see cref="Text"/>. Returns the submission to send now, or null when an edit is
    /// already in flight (this one waits in the buffer).
    /// </summary>
    public EditSubmission? Edit(TextOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Text = operation.Apply(Text);
        if (inFlight is null)
        {
            inFlight = operation;
            return new EditSubmission(Version, operation);
        }
        buffer = buffer is null ? operation : TextOperation.Compose(buffer, operation);
        return null;
    }

    /// <summary>
    /// The server applied this client's in-flight edit as <paramref name="version"/>. Returns the buffered edits to
    /// send next, or null.
    /// </summary>
    public EditSubmission? Acknowledge(long version)
    {
        if (inFlight is null)
            throw new InvalidOperationException("An acknowledgement arrived but no edit is in flight.");
        ExpectNext(version);
        Version = version;
        inFlight = buffer;
        buffer = null;
        return inFlight is null ? null : new EditSubmission(Version, inFlight);
    }

    /// <summary>
    /// Another participant's edit, as the server applied it to produce <paramref name="version"/>. Returns the
    /// operation applied to the local text (the remote edit moved past the pending local ones), e.g. for the editor view.
    /// </summary>
    public TextOperation Receive(long version, TextOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ExpectNext(version);
        if (inFlight is not null)
            (inFlight, operation) = TextOperation.Transform(inFlight, operation, InsertTieBreak.RightFirst);
        if (buffer is not null)
            (buffer, operation) = TextOperation.Transform(buffer, operation, InsertTieBreak.RightFirst);
        Text = operation.Apply(Text);
        Version = version;
        return operation;
    }

    void ExpectNext(long version)
    {
        if (version != Version + 1)
            throw new InvalidOperationException($"Expected version {Version + 1} from the server, got {version}; messages must be handled in version order.");
    }
}
