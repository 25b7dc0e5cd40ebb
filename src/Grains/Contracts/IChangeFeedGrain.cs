namespace ContextKit.Grains.Contracts;

/// <summary>
/// The change feed of one repository: gives every change a per-repository sequence number, keeps the
/// recent ones for catch-up and publishes each on the repository's stream. Keyed by repository id.
/// </summary>
[Alias("ck.IChangeFeedGrain")]
public interface IChangeFeedGrain : IGrainWithStringKey
{
    /// <summary>Numbers, records and publishes a change; returns it as published.</summary>
    [Alias("Publish")]
    Task<ChangeEvent> Publish(ChangeDraft change);

    /// <summary>Recorded events with a sequence above <paramref name="since"/>, oldest first.</summary>
    [Alias("GetSince")]
    Task<ChangeFeedPage> GetSince(long since, int max);

    /// <summary>The sequence number of the newest event (0 before any).</summary>
    [Alias("GetSequence")]
    Task<long> GetSequence();
}

/// <summary>Names of the change feed's stream, shared by the grain that publishes and the nodes that listen.</summary>
public static class ChangeFeedStream
{
    public const string Provider = "changes";
    public const string Namespace = "repository";
}

/// <summary>A change before it is numbered.</summary>
[GenerateSerializer, Immutable, Alias("ck.change-draft")]
public sealed record ChangeDraft(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Branch,
    [property: Id(2)] IReadOnlyList<string> Paths,
    [property: Id(3)] string? Commit,
    [property: Id(4)] string? Actor,
    [property: Id(5)] ValidationSummary? Validation = null,
    [property: Id(6)] int? PullRequest = null);

/// <summary>The outcome of a branch's validation, as the feed carries it to every open view.</summary>
[GenerateSerializer, Immutable, Alias("ck.validation-summary")]
public sealed record ValidationSummary([property: Id(0)] bool Ok, [property: Id(1)] int TotalErrors, [property: Id(2)] int TotalWarnings);

/// <summary>
/// One change to a repository (file written or deleted, commit, branch...). The stream delivers it as
/// a hint; git and grain state are the truth, and <see cref="IChangeFeedGrain.GetSince"/> fills gaps.
/// </summary>
[GenerateSerializer, Immutable, Alias("ck.change-event")]
public sealed record ChangeEvent(
    [property: Id(0)] string Repository,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? Branch,
    [property: Id(4)] IReadOnlyList<string> Paths,
    [property: Id(5)] string? Commit,
    [property: Id(6)] string? Actor,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] ValidationSummary? Validation = null,
    [property: Id(9)] DocumentEdit? Document = null,
    [property: Id(10)] PresenceSnapshot? Presence = null,
    [property: Id(11)] int? PullRequest = null);

/// <summary>
/// A page of the feed. <c>Truncated</c> says that events after the requested sequence were already
/// dropped from the retained window, so the reader should reload rather than patch.
/// </summary>
[GenerateSerializer, Immutable, Alias("ck.change-feed-page")]
public sealed record ChangeFeedPage([property: Id(0)] IReadOnlyList<ChangeEvent> Events, [property: Id(1)] long Sequence, [property: Id(2)] bool Truncated);

/// <summary>The kinds of change the feed carries.</summary>
public static class ChangeKinds
{
    public const string RepositoryCreated = "repository.created";
    public const string RepositoryDeleted = "repository.deleted";
    public const string MembersChanged = "repository.members";
    public const string FileWritten = "file.written";
    public const string FileDeleted = "file.deleted";
    public const string Committed = "git.committed";
    public const string Discarded = "git.discarded";
    public const string BranchCreated = "git.branch.created";
    public const string BranchDeleted = "git.branch.deleted";
    public const string Merged = "git.merged";
    public const string BranchProtection = "git.branch.protection";
    public const string PullRequestOpened = "pull.opened";
    public const string PullRequestCommented = "pull.commented";
    public const string PullRequestMerged = "pull.merged";
    public const string PullRequestClosed = "pull.closed";
    public const string Pulled = "git.pulled";
    public const string Pushed = "git.pushed";
    public const string RemoteChanged = "git.remote.changed";

    /// <summary>
    /// A live edit of an open document. Sent on the stream only (sequence 0, not kept in the feed): the saved
    /// file is what the feed records, and a reader who missed edits reopens the document.
    /// </summary>
    public const string DocumentEdited = "document.edited";

    /// <summary>Who is in the repository changed (unnumbered, carries <see cref="ChangeEvent.Presence"/>).</summary>
    public const string PresenceChanged = "presence.changed";

    /// <summary>A branch's validation result changed (it carries <see cref="ChangeEvent.Validation"/>).</summary>
    public const string ValidationChanged = "validation.changed";
}
