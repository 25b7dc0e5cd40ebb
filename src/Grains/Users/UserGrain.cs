using System.Security.Cryptography;
using System.Text;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Identity;

namespace ContextKit.Grains.Users;

/// <summary>
/// One account. The password is kept only as an ASP.NET Core Identity hash, refresh tokens only as
/// SHA-256 hashes: reading the state file gives nobody a way in.
/// </summary>
public sealed class UserGrain([PersistentState("user", "state")] IPersistentState<UserState> state) : Grain, IUserGrain
{
    static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);
    const int MaxRefreshTokens = 20;
    static readonly PasswordHasher<string> Hasher = new();

    UserState Record => state.State;

    string Id => this.GetPrimaryKeyString();

    public async Task<UserProfile> Register(string email, string displayName, string password)
    {
        if (state.RecordExists)
            throw new ConflictException("This account already exists.");
        Record.Email = email;
        Record.DisplayName = displayName;
        Record.PasswordHash = Hasher.HashPassword(Id, password);
        Record.CreatedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        return Profile;
    }

    public async Task<UserProfile?> VerifyPassword(string password)
    {
        if (!state.RecordExists)
            return null;
        switch (Hasher.VerifyHashedPassword(Id, Record.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return Profile;
            case PasswordVerificationResult.SuccessRehashNeeded:
                Record.PasswordHash = Hasher.HashPassword(Id, password);
                await state.WriteStateAsync();
                return Profile;
            default:
                return null;
        }
    }

    public Task<UserProfile> GetProfile() =>
        state.RecordExists ? Task.FromResult(Profile) : throw new NotFoundException("The account was not found.");

    public Task<IssuedToken> IssueRefreshToken() => Issue(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    /// <summary>Issues a refresh token in <paramref name="family"/>: one sign-in and every rotation after it.</summary>
    async Task<IssuedToken> Issue(string family)
    {
        if (!state.RecordExists)
            throw new NotFoundException("The account was not found.");
        var now = DateTimeOffset.UtcNow;
        Record.RefreshTokens.RemoveAll(t => t.ExpiresAt <= now);
        if (Record.RefreshTokens.Count >= MaxRefreshTokens)
            Record.RefreshTokens.RemoveRange(0, Record.RefreshTokens.Count - MaxRefreshTokens + 1);
        // The user id leads the token so the API knows which account to ask, without a lookup table.
        var token = $"{Id}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var issued = new IssuedToken(token, now + RefreshLifetime);
        Record.RefreshTokens.Add(new RefreshTokenRecord(Hash(token), issued.ExpiresAt, family));
        await state.WriteStateAsync();
        return issued;
    }

    public async Task<IssuedToken?> RotateRefreshToken(string token)
    {
        var hash = Hash(token);
        var now = DateTimeOffset.UtcNow;
        var found = Record.RefreshTokens.FindIndex(t => t.Hash == hash);
        if (found < 0)
        {
            // A token that was already traded in is being replayed: someone holds a stolen copy. End the
            // whole sign-in it belongs to, so neither the thief nor the victim keeps a working token.
            if (Record.UsedRefreshTokens.FirstOrDefault(u => u.Hash == hash) is { } reused)
            {
                Record.RefreshTokens.RemoveAll(t => t.Family == reused.Family);
                await state.WriteStateAsync();
            }
            return null;
        }
        var record = Record.RefreshTokens[found];
        Record.RefreshTokens.RemoveAt(found);
        Record.UsedRefreshTokens.RemoveAll(u => u.ExpiresAt <= now);
        Record.UsedRefreshTokens.Add(record);
        if (Record.UsedRefreshTokens.Count > 200)
            Record.UsedRefreshTokens.RemoveRange(0, Record.UsedRefreshTokens.Count - 200);
        if (record.ExpiresAt <= now)
        {
            await state.WriteStateAsync();
            return null;
        }
        return await Issue(record.Family);
    }

    public async Task RevokeRefreshToken(string token)
    {
        if (Record.RefreshTokens.RemoveAll(t => t.Hash == Hash(token)) > 0)
            await state.WriteStateAsync();
    }

    public async Task<bool> ChangePassword(string currentPassword, string newPassword)
    {
        if (await VerifyPassword(currentPassword) is null)
            return false;
        Record.PasswordHash = Hasher.HashPassword(Id, newPassword);
        Record.RefreshTokens.Clear();
        // Whole seconds, as tokens carry their issue time: the session that asked gets new tokens issued from now on.
        var now = DateTimeOffset.UtcNow;
        Record.SessionsValidSince = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await state.WriteStateAsync();
        return true;
    }

    public Task<DateTimeOffset?> GetSessionsValidSince() => Task.FromResult(state.RecordExists ? Record.SessionsValidSince : null);

    public async Task<CreatedAccessToken> CreateAccessToken(string name, string scope, DateTimeOffset? expiresAt)
    {
        if (!state.RecordExists)
            throw new NotFoundException("The account was not found.");
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            throw new BadRequestException("A token needs a name of at most 100 characters, so you can tell your tokens apart.");
        if (scope is not (AccessTokenScopes.Read or AccessTokenScopes.Write))
            throw new BadRequestException("The scope must be \"read\" or \"write\".");
        var now = DateTimeOffset.UtcNow;
        if (expiresAt is { } expiry && expiry <= now)
            throw new BadRequestException("The expiry must lie in the future.");
        if (Record.AccessTokens.Count >= 50)
            throw new ConflictException("You have 50 tokens already; revoke some first.");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var token = $"{AccessTokenScopes.Prefix}{Id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var record = new AccessTokenRecord(id, name.Trim(), scope, Hash(token), now, expiresAt, null);
        Record.AccessTokens.Add(record);
        await state.WriteStateAsync();
        return new CreatedAccessToken(Info(record), token);
    }

    public Task<IReadOnlyList<AccessTokenInfo>> ListAccessTokens() =>
        Task.FromResult<IReadOnlyList<AccessTokenInfo>>(Record.AccessTokens.Select(Info).ToList());

    public async Task RevokeAccessToken(string tokenId)
    {
        if (Record.AccessTokens.RemoveAll(t => t.Id == tokenId) == 0)
            throw new NotFoundException("No such token.");
        await state.WriteStateAsync();
    }

    public async Task<VerifiedAccessToken?> VerifyAccessToken(string token)
    {
        var hash = Hash(token);
        var index = Record.AccessTokens.FindIndex(t => t.Hash == hash);
        if (index < 0)
            return null;
        var record = Record.AccessTokens[index];
        var now = DateTimeOffset.UtcNow;
        if (record.ExpiresAt is { } expiry && expiry <= now)
            return null;
        // Last use is kept to the minute: a busy CI job should not write the account's state on every call.
        if (record.LastUsedAt is null || now - record.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            Record.AccessTokens[index] = record with { LastUsedAt = now };
            await state.WriteStateAsync();
        }
        return new VerifiedAccessToken(Profile, record.Scope, record.Id);
    }

    static AccessTokenInfo Info(AccessTokenRecord t) => new(t.Id, t.Name, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);

    public async Task AddRepository(string repositoryId)
    {
        if (Record.Repositories.Add(repositoryId))
            await state.WriteStateAsync();
    }

    public async Task RemoveRepository(string repositoryId)
    {
        if (Record.Repositories.Remove(repositoryId))
            await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetRepositories() => Task.FromResult<IReadOnlyList<string>>(Record.Repositories.Order(StringComparer.Ordinal).ToList());

    UserProfile Profile => new(Id, Record.Email, Record.DisplayName);

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

[GenerateSerializer, Alias("ck.user-state")]
public sealed class UserState
{
    [Id(0)] public int Version { get; set; } = 1;
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string DisplayName { get; set; } = "";
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public List<RefreshTokenRecord> RefreshTokens { get; set; } = [];
    [Id(6)] public HashSet<string> Repositories { get; set; } = [];
    [Id(7)] public List<AccessTokenRecord> AccessTokens { get; set; } = [];

    /// <summary>Refresh tokens already traded in (hashes), kept until they would have expired, to spot a replay.</summary>
    [Id(8)] public List<RefreshTokenRecord> UsedRefreshTokens { get; set; } = [];

    /// <summary>Set when the password changes: access tokens and cookies issued before it are refused.</summary>
    [Id(9)] public DateTimeOffset? SessionsValidSince { get; set; }
}

/// <summary>A personal access token as stored: its SHA-256 hash, never the token.</summary>
[GenerateSerializer, Immutable, Alias("ck.access-token")]
public sealed record AccessTokenRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Scope,
    [property: Id(3)] string Hash,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] DateTimeOffset? LastUsedAt);

[GenerateSerializer, Immutable, Alias("ck.refresh-token")]
public sealed record RefreshTokenRecord([property: Id(0)] string Hash, [property: Id(1)] DateTimeOffset ExpiresAt, [property: Id(2)] string Family = "");
