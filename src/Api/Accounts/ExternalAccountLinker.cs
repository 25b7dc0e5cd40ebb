using System.Security.Cryptography;
using ContextKit.Domain.Accounts;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Accounts;

/// <summary>
/// Turns an external sign-in into a Context Kit account. A provider login seen before signs into the account it was
/// linked to. A new one is linked to the existing account with the same email only when the provider vouches for the
/// email (<c>email_verified</c>); otherwise it gets an account of its own that does not claim the email, so nobody can
/// take over an account by registering someone else's address with a provider. Links are kept in the user directory
/// under <c>external:{provider}:{subject}</c>.
/// </summary>
public sealed class ExternalAccountLinker(IGrainFactory grains, AccountService accounts)
{
    public static string LoginKey(string provider, string subject) => $"external:{provider.ToLowerInvariant()}:{subject}";

    public async Task<UserProfile> SignIn(ExternalIdentity identity)
    {
        if (string.IsNullOrWhiteSpace(identity.Provider) || string.IsNullOrWhiteSpace(identity.Subject))
            throw new BadRequestException("The provider did not name the person who signed in.");
        var login = grains.GetGrain<IUserDirectoryGrain>(LoginKey(identity.Provider, identity.Subject));
        if (await login.Lookup() is { } linked)
            return await grains.GetGrain<IUserGrain>(linked).GetProfile();

        var verifiedEmail = identity.EmailVerified && EmailAddress.TryNormalize(identity.Email, out var normalized) ? normalized : null;
        UserProfile profile;
        if (verifiedEmail is not null && await grains.GetGrain<IUserDirectoryGrain>(verifiedEmail).Lookup() is { } existing)
            profile = await grains.GetGrain<IUserGrain>(existing).GetProfile();
        else if (verifiedEmail is not null)
            profile = await accounts.Register(verifiedEmail, UnusablePassword(), identity.DisplayName);
        else
            profile = await RegisterWithoutEmail(identity);

        // Two first sign-ins at once: whoever claims the login first wins, and both end up in that account.
        var owner = await login.Claim(profile.Id);
        return owner == profile.Id ? profile : await grains.GetGrain<IUserGrain>(owner).GetProfile();
    }

    /// <summary>An account for an unverified email: the address is shown, but not claimed in the directory.</summary>
    async Task<UserProfile> RegisterWithoutEmail(ExternalIdentity identity)
    {
        var name = string.IsNullOrWhiteSpace(identity.DisplayName) ? $"{identity.Provider} user" : identity.DisplayName.Trim();
        if (name.Length > AccountService.MaxDisplayNameLength)
            name = name[..AccountService.MaxDisplayNameLength];
        var email = EmailAddress.TryNormalize(identity.Email, out var unverified) ? unverified : $"{identity.Subject}@{identity.Provider.ToLowerInvariant()}.invalid";
        return await grains.GetGrain<IUserGrain>(Guid.NewGuid().ToString("N")).Register(email, name, UnusablePassword());
    }

    /// <summary>External accounts have no password anyone knows; one can be set later through "change password"… never, as nobody knows this one.</summary>
    static string UnusablePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
