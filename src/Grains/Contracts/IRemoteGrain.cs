namespace ContextKit.Grains.Contracts;

/// <summary>
/// A repository's upstream remote: its URL and access token (kept encrypted with ASP.NET Core Data
/// Protection, never handed out), and pulling and pushing branches. Keyed by repository id. Callers check
/// roles through <see cref="IRepositoryGrain"/> first (owners configure, editors pull and push).
/// </summary>
[Alias("ck.IRemoteGrain")]
public interface IRemoteGrain : IGrainWithStringKey
{
    /// <summary>The URL and whether a token is set; never the token.</summary>
    [Alias("Get")]
    Task<RemoteInfo> Get();

    /// <summary>
    /// Sets the URL (checked like clone URLs); <paramref name="token"/> null keeps the current token, empty
    /// removes it. A null or empty <paramref name="url"/> removes the remote altogether.
    /// </summary>
    [Alias("Configure")]
    Task<RemoteInfo> Configure(string? url, string? token, Actor actor);

    /// <summary>Fetches the branch from the remote and fast-forwards the branch to it (never a merge commit).</summary>
    [Alias("Pull")]
    Task<SyncResult> Pull(string branch, Actor actor);

    /// <summary>Pushes the branch's last commit to the remote's branch of the same name (fast-forward only).</summary>
    [Alias("Push")]
    Task<SyncResult> Push(string branch, Actor actor);
}

[GenerateSerializer, Immutable, Alias("ck.remote-info")]
public sealed record RemoteInfo([property: Id(0)] string? Url, [property: Id(1)] bool TokenSet, [property: Id(2)] DateTimeOffset? UpdatedAt);

/// <summary>
/// What a pull or push did: <c>Outcome</c> is <c>fast-forwarded</c>, <c>up-to-date</c>, <c>ahead</c> (pull: the
/// branch has commits the remote lacks) or <c>pushed</c>; <c>Paths</c> are the files a pull changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("ck.sync-result")]
public sealed record SyncResult(
    [property: Id(0)] string Branch,
    [property: Id(1)] string Outcome,
    [property: Id(2)] string? Before,
    [property: Id(3)] string? Head,
    [property: Id(4)] IReadOnlyList<string> Paths);

/// <summary>
/// A pull or push that cannot be done as asked: the remote is not configured, a push was rejected as not a
/// fast-forward, the histories diverged, working changes are in the way, the stored token cannot be read.
/// </summary>
[GenerateSerializer, Alias("ck.remote-sync")]
public sealed class RemoteSyncException(string code, string message) : ContextKitException(message)
{
    public const string NotConfigured = "remote-not-configured", PushRejected = "push-rejected", Diverged = "pull-diverged",
        WorkingChangesInTheWay = "working-changes-in-the-way", TokenUnreadable = "remote-token-unreadable", NoSuchBranch = "remote-branch-not-found";

    [Id(0)] public string ProblemCode { get; } = code;

    public override string Code => ProblemCode;
}

/// <summary>The remote could not be reached or refused the connection or the credentials.</summary>
[GenerateSerializer, Alias("ck.remote-unreachable")]
public sealed class RemoteUnreachableException(string message) : ContextKitException(message)
{
    public override string Code => "remote-unreachable";
}
