namespace ContextKit.Domain.Collaboration;

/// <summary>An operation the server applied: the version it produced, the operation as applied, and who made it.</summary>
/// <param name="Version">The document's version after this operation (the first edit of version 0 produces version 1).</param>
/// <param name="Operation">The operation as applied to the previous version, after transformation — what to broadcast.</param>
/// <param name="Author">Who made the change (a user id, or a marker such as "rest" for outside writes).</param>
public sealed record AppliedOperation(long Version, TextOperation Operation, string Author);

/// <summary>
/// The server side of live co-editing of one text file: the current text and version and a bounded window of recent
/// operations. Edits arrive against the version their author last saw; each is transformed past everything applied
/// since, applied, and recorded, so every participant converges. Not thread-safe: its owner (the document grain)
/// serialises calls. Offsets are UTF-16 code units, as everywhere in <see cref="TextOperation"/>.
/// </summary>
public sealed class DocumentHistory
{
    readonly DocumentLimits limits;

    // The window of recent operations, oldest first; recent[i] produced version OldestVersion + i + 1.
    readonly List<AppliedOperation> recent = [];

    /// <summary>Starts a session on <paramref name="text"/> at <paramref name="version"/> (0 for a freshly opened file).</summary>
    public DocumentHistory(string text, long version = 0, DocumentLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        Text = text;
        Version = version;
        this.limits = limits ?? DocumentLimits.Default;
        if (this.limits.HistoryWindow < 1)
            throw new ArgumentOutOfRangeException(nameof(limits), "The history window must keep at least one operation.");
    }

    /// <summary>The current text.</summary>
    public string Text { get; private set; }

    /// <summary>The current version: how many operations have been applied since the session's first version.</summary>
    public long Version { get; private set; }

    /// <summary>The oldest base version an edit may still name; anything older must reload the document.</summary>
    public long OldestVersion => Version - recent.Count;

    /// <summary>The recent operations, oldest first.</summary>
    public IReadOnlyList<AppliedOperation> Recent => recent;

    /// <summary>
    /// The operations after <paramref name="version"/>, oldest first — what a client that saw that version has missed
    /// (for a reconnect). Throws <see cref="DocumentVersionException"/> for a future or too stale version.
    /// </summary>
    public IReadOnlyList<AppliedOperation> Since(long version)
    {
        CheckVersion(version);
        return recent.GetRange((int)(version - OldestVersion), (int)(Version - version));
    }

    /// <summary>
    /// Applies an edit made against <paramref name="baseVersion"/>: transforms it past every operation applied since
    /// (those keep their place when both insert at one position), applies it and records it. Returns the applied
    /// operation — acknowledge its version to the author, broadcast it to everyone else.
    /// </summary>
    /// <exception cref="DocumentVersionException">The base version is in the future or older than the window.</exception>
    /// <exception cref="TextOperationException">The operation is over the limits, does not span that version's text, or splits a surrogate pair.</exception>
    /// <exception cref="DocumentTooLargeException">The edit would grow the document past the limit.</exception>
    public AppliedOperation Submit(long baseVersion, TextOperation operation, string author)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(author);
        CheckVersion(baseVersion);
        limits.OperationLimits.Check(operation);

        var first = (int)(baseVersion - OldestVersion);
        var expectedLength = first < recent.Count ? recent[first].Operation.BaseLength : Text.Length;
        if (operation.BaseLength != expectedLength)
            throw new TextOperationException(TextOperationError.LengthMismatch, operation.BaseLength > expectedLength
                ? $"The operation spans {operation.BaseLength} UTF-16 code units, past the end of version {baseVersion} of the document ({expectedLength})."
                : $"The operation spans {operation.BaseLength} UTF-16 code units but version {baseVersion} of the document has {expectedLength}; it must cover the whole text.");

        var transformed = operation;
        for (var i = first; i < recent.Count; i++)
            transformed = TextOperation.Transform(recent[i].Operation, transformed, InsertTieBreak.LeftFirst).Right;
        return Record(transformed, author);
    }

    /// <summary>
    /// Folds an outside change — the whole file written over REST, a pull — into the session as one minimal edit
    /// (common prefix and suffix kept, the middle replaced), so open editors receive it as an edit rather than losing
    /// it or their own pending changes. Returns null when the text is unchanged.
    /// </summary>
    /// <exception cref="DocumentTooLargeException">The new text is over the limit and longer than the current one.</exception>
    public AppliedOperation? Replace(string newText, string author)
    {
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(author);
        var operation = Diff(Text, newText);
        return operation.IsIdentity ? null : Record(operation, author);
    }

    /// <summary>
    /// The minimal retain/delete/insert/retain operation turning <paramref name="before"/> into <paramref name="after"/>,
    /// never cutting a surrogate pair.
    /// </summary>
    public static TextOperation Diff(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var shorter = Math.Min(before.Length, after.Length);
        var prefix = before.AsSpan().CommonPrefixLength(after.AsSpan());
        // Back off so the boundary falls between whole characters in both texts.
        if (prefix > 0 && char.IsHighSurrogate(before[prefix - 1]))
            prefix--;
        var suffix = 0;
        while (suffix < shorter - prefix && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix])
            suffix++;
        if (suffix > 0 && char.IsLowSurrogate(before[before.Length - suffix]))
            suffix--;
        return new TextOperationBuilder()
            .Retain(prefix)
            .Delete(before.Length - prefix - suffix)
            .Insert(after.Substring(prefix, after.Length - prefix - suffix))
            .Retain(suffix)
            .Build();
    }

    AppliedOperation Record(TextOperation operation, string author)
    {
        if (operation.TargetLength > limits.MaxDocumentLength && operation.TargetLength > Text.Length)
            throw new DocumentTooLargeException(operation.TargetLength, limits.MaxDocumentLength);
        Text = operation.Apply(Text);
        Version++;
        var applied = new AppliedOperation(Version, operation, author);
        recent.Add(applied);
        // The window is small (a thousand by default), so shifting the list is cheaper than it sounds.
        if (recent.Count > limits.HistoryWindow)
            recent.RemoveRange(0, recent.Count - limits.HistoryWindow);
        return applied;
    }

    void CheckVersion(long version)
    {
        if (version > Version)
            throw new DocumentVersionException(DocumentVersionProblem.Future, version, Version, OldestVersion);
        if (version < OldestVersion)
            throw new DocumentVersionException(DocumentVersionProblem.Stale, version, Version, OldestVersion);
    }
}
