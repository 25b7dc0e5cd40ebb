using ContextKit.Domain.Accounts;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Accounts;

/// <summary>Sign-up and sign-in, shared by the REST API and the UI's forms.</summary>
public sealed class AccountService(IGrainFactory grains)
{
    public const int MaxDisplayNameLength = 100;

    /// <summary>Creates an account; <see cref="BadRequestException"/> for bad input, <see cref="ConflictException"/> when the email is taken.</summary>
    public async Task<UserProfile> Register(string? email, string? password, string? displayName)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
            throw new BadRequestException("Enter a valid email address.");
        if (PasswordPolicy.Check(password, normalized) is { } weak)
            throw new BadRequestException(weak);
        var name = string.IsNullOrWhiteSpace(displayName) ? normalized.Split('@')[0] : displayName.Trim();
        if (name.Length > MaxDisplayNameLength || name.Any(char.IsControl))
            throw new BadRequestException($"A display name has at most {MaxDisplayNameLength} characters and no control characters.");

        var directory = grains.GetGrain<IUserDirectoryGrain>(normalized);
        var userId = Guid.NewGuid().ToString("N");
        if (await directory.Claim(userId) != userId)
            throw new ConflictException("An account with this email already exists.");
        UserProfile profile;
        try
        {
            profile = await grains.GetGrain<IUserGrain>(userId).Register(normalized, name, password!);
        }
        catch
        {
            // Give the email back so that the person can try again.
            await directory.Release(userId);
            throw;
        }
        // Repositories that invited this email before it had an account.
        foreach (var repositoryId in await directory.TakeInvitations())
            await grains.GetGrain<IRepositoryGrain>(repositoryId).AcceptInvitation(new Actor(profile.Id, profile.DisplayName, profile.Email));
        return profile;
    }

    /// <summary>
    /// Changes the password of <paramref name="userId"/> and ends their other sessions; <see cref="BadRequestException"/>
    /// when the new password breaks the policy or the current one is wrong.
    /// </summary>
    public async Task ChangePassword(string userId, string? currentPassword, string? newPassword)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        var profile = await user.GetProfile();
        if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > PasswordPolicy.MaxLength)
            throw new BadRequestException("Enter your current password.");
        if (PasswordPolicy.Check(newPassword, profile.Email) is { } weak)
            throw new BadRequestException(weak);
        if (!await user.ChangePassword(currentPassword, newPassword!))
            throw new BadRequestException("The current password is wrong.");
    }

    /// <summary>The account when email and password match, else null (never saying which was wrong).</summary>
    public async Task<UserProfile?> SignIn(string? email, string? password)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized) || string.IsNullOrEmpty(password) || password.Length > PasswordPolicy.MaxLength)
            return null;
        var userId = await grains.GetGrain<IUserDirectoryGrain>(normalized).Lookup();
        return userId is null ? null : await grains.GetGrain<IUserGrain>(userId).VerifyPassword(password);
    }
}
