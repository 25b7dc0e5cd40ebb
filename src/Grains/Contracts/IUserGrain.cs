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
    [Alias("GetProfile")]
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

    [Alias("AddRepository")]
    Task AddRepository(string repositoryId);

    [Alias("GetRepositories")]
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

    [Alias("Lookup")]
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
