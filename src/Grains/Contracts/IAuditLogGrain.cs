namespace ContextKit.Grains.Contracts;

/// <summary>
/// The durable audit log of one repository (key <c>repo:{id}</c>) or one account (key <c>account:{user id}</c>):
/// who did what to which target, when, from where (UI, API, hub, AI) and from which client address. Append-only
/// JSON-lines segments on disk, capped; see <see cref="AuditKeys"/>.
/// </summary>
[Alias("ck.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Numbers the entry, stamps the time and appends it durably before answering.</summary>
    [Alias("Record")]
    Task<AuditEntry> Record(AuditDraft draft);

    /// <summary>Entries matching <paramref name="query"/>: newest first, or oldest first after a sequence (for export).</summary>
    [Alias("Query")]
    Task<IReadOnlyList<AuditEntry>> Query(AuditQuery query);
}

/// <summary>Grain keys of the audit logs.</summary>
public static class AuditKeys
{
    public static string Repository(string repositoryId) => "repo:" + repositoryId;

    public static string Account(string userId) => "account:" + userId;
}

/// <summary>Where an audited action came from.</summary>
public static class AuditSources
{
    public const string Ui = "ui";
    public const string Api = "api";
    public const string Hub = "hub";
    public const string Ai = "ai";
}

/// <summary>An audited action before the log numbers and stamps it.</summary>
[GenerateSerializer, Immutable, Alias("ck.audit-draft")]
public sealed record AuditDraft(
    [property: Id(0)] string ActorId,
    [property: Id(1)] string ActorName,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Target,
    [property: Id(4)] string Source,
    [property: Id(5)] string? ClientAddress);

[GenerateSerializer, Immutable, Alias("ck.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string ActorName,
    [property: Id(4)] string Action,
    [property: Id(5)] string? Target,
    [property: Id(6)] string Source,
    [property: Id(7)] string? ClientAddress);

/// <summary>
/// A filter: <c>Actor</c> matches the actor's id or name, <c>Action</c> is a prefix of the action (<c>file.</c>),
/// times are inclusive. With <c>AfterSequence</c> the answer runs oldest first from there, else newest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("ck.audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] string? Actor = null,
    [property: Id(1)] string? Action = null,
    [property: Id(2)] DateTimeOffset? Since = null,
    [property: Id(3)] DateTimeOffset? Until = null,
    [property: Id(4)] long? AfterSequence = null,
    [property: Id(5)] int Limit = 200);
