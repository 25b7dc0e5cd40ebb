using ContextKit.Api.Accounts;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>The signed-in user's own profile and personal access tokens, for the account page; token events are audited.</summary>
public sealed class AccountTokensService(IGrainFactory grains, CurrentUser user, UiAudit audit)
{
    public async Task<UserProfile> Profile() => await grains.GetGrain<IUserGrain>((await user.Actor()).UserId).GetProfile();

    public async Task<IReadOnlyList<AccessTokenInfo>> List() => await grains.GetGrain<IUserGrain>((await user.Actor()).UserId).ListAccessTokens();

    /// <summary>Creates a token; the answer holds its secret, which is shown once and never again.</summary>
    public async Task<CreatedAccessToken> Create(string name, string scope, DateTimeOffset? expiresAt)
    {
        var actor = await user.Actor();
        var created = await grains.GetGrain<IUserGrain>(actor.UserId).CreateAccessToken(name, scope, expiresAt);
        await audit.RecordForAccount(actor, "auth.tokens.post", created.Info.Id);
        return created;
    }

    public async Task Revoke(string tokenId)
    {
        var actor = await user.Actor();
        await grains.GetGrain<IUserGrain>(actor.UserId).RevokeAccessToken(tokenId);
        await audit.RecordForAccount(actor, "auth.tokens.delete", tokenId);
    }
}
