namespace ContextKit.Grains.Contracts;

/// <summary>One account: profile, password hash, refresh tokens and the repositories it belongs to. Keyed by user id.</summary>
[Alias("ck.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Sets up a new account; <see cref="ConflictException"/> if this id is already registered.</summary>
    [Alias("Register")]
    Task<UserProfile> Register(string email, string displayName, string password);

    /// <summary>The profile when <paramref name="password"/> is right, else null.</summary>
    [Alias("VerifyPassword")]
    Task<UserProfile?> VerifyPassword(string password);

    /// <summary>The profile; <see cref="NotFoundException"/> when no such account.</summary>
    [Alias("GetProfile"), SafeToRepeat]
    Task<UserProfile> GetProfile();

    /// <summary>Issues a refresh token (shown once; only its hash is kept).</summary>
    [Alias("IssueRefreshToken")]
    Task<IssuedToken> IssueRefreshToken();

    /// <summary>
    /// Trades a refresh token for a new one; the old one stops working. Null when the token is unknown,
    /// expired or already used.
    /// </summary>
    [Alias("RotateRefreshToken")]
    Task<IssuedToken?> RotateRefreshToken(string token);

    [Alias("RevokeRefreshToken")]
    Task RevokeRefreshToken(string token);

    /// <summary>
    /// Replaces the password when <paramref name="currentPassword"/> is right (false otherwise, nothing changed) and
    /// ends every other session: all refresh tokens are revoked and tokens and cookies issued before now stop working.
    /// Personal access tokens stay (they are revoked one by one).
    /// </summary>
    [Alias("ChangePassword")]
    Task<bool> ChangePassword(string currentPassword, string newPassword);

    /// <summary>Sessions (access tokens, cookies) issued before this moment are no longer accepted; null when all are.</summary>
    [Alias("GetSessionsValidSince"), SafeToRepeat]
    Task<DateTimeOffset?> GetSessionsValidSince();

    /// <summary>Creates a personal access token for scripts and CI; the secret is in the answer only.</summary>
    [Alias("CreateAccessToken")]
    Task<CreatedAccessToken> CreateAccessToken(string name, string scope, DateTimeOffset? expiresAt);

    [Alias("ListAccessTokens"), SafeToRepeat]
    Task<IReadOnlyList<AccessTokenInfo>> ListAccessTokens();

    [Alias("RevokeAccessToken")]
    Task RevokeAccessToken(string tokenId);

    /// <summary>
    /// The owner and scope of a personal access token when it is valid (recording its use, at most once a minute, so a
    /// second run changes nothing), else null.
    /// </summary>
    [Alias("VerifyAccessToken"), SafeToRepeat]
    Task<VerifiedAccessToken?> VerifyAccessToken(string token);

    [Alias("AddRepository")]
    Task AddRepository(string repositoryId);

    [Alias("GetRepositories"), SafeToRepeat]
    Task<IReadOnlyList<string>> GetRepositories();

    [Alias("RemoveRepository")]
    Task RemoveRepository(string repositoryId);
}

/// <summary>Maps a normalised email to its user id, so that two sign-ups can never share an email.</summary>
[Alias("ck.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Claims the email for <paramref name="userId"/>; returns the id that owns it (another one when taken).</summary>
    [Alias("Claim")]
    Task<string> Claim(string userId);

    /// <summary>Gives the email up again when <paramref name="userId"/> holds it (a sign-up that failed half way).</summary>
    [Alias("Release")]
    Task Release(string userId);

    [Alias("Lookup"), SafeToRepeat]
    Task<string?> Lookup();

    /// <summary>Remembers that a repository invited this email, for when its owner registers.</summary>
    [Alias("AddInvitation")]
    Task AddInvitation(string repositoryId);

    [Alias("RemoveInvitation")]
    Task RemoveInvitation(string repositoryId);

    /// <summary>The repositories that invited this email; they are forgotten here once taken.</summary>
    [Alias("TakeInvitations")]
    Task<IReadOnlyList<string>> TakeInvitations();
}

[GenerateSerializer, Immutable, Alias("ck.user-profile")]
public sealed record UserProfile([property: Id(0)] string Id, [property: Id(1)] string Email, [property: Id(2)] string DisplayName);

/// <summary>A secret token as handed to its owner once, with when it expires.</summary>
[GenerateSerializer, Immutable, Alias("ck.issued-token")]
public sealed record IssuedToken([property: Id(0)] string Token, [property: Id(1)] DateTimeOffset ExpiresAt);

/// <summary>A personal access token as its owner sees it in listings: never the secret.</summary>
[GenerateSerializer, Immutable, Alias("ck.access-token-info")]
public sealed record AccessTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Scope,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] DateTimeOffset? LastUsedAt);

[GenerateSerializer, Immutable, Alias("ck.created-access-token")]
public sealed record CreatedAccessToken([property: Id(0)] AccessTokenInfo Info, [property: Id(1)] string Token);

[GenerateSerializer, Immutable, Alias("ck.verified-access-token")]
public sealed record VerifiedAccessToken([property: Id(0)] UserProfile User, [property: Id(1)] string Scope, [property: Id(2)] string TokenId);

/// <summary>What a personal access token may do: read only, or read and write (as far as the user's roles allow).</summary>
public static class AccessTokenScopes
{
    public const string Read = "read";
    public const string Write = "write";

    /// <summary>Tokens start with this and the user id, so the server knows whose grain to ask.</summary>
    public const string Prefix = "ckp_";
}
