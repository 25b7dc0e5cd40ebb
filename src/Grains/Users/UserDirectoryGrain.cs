using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Users;

/// <summary>
/// One normalised email address and the account that holds it. Two sign-ups with the same email meet
/// in this one grain, and the first claim wins: uniqueness without a database index.
/// </summary>
public sealed class UserDirectoryGrain([PersistentState("directory", "state")] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public async Task<string> Claim(string userId)
    {
        if (state.State.UserId is { } owner)
            return owner;
        state.State.UserId = userId;
        await state.WriteStateAsync();
        return userId;
    }

    public async Task Release(string userId)
    {
        if (state.State.UserId != userId)
            return;
        state.State.UserId = null;
        await state.WriteStateAsync();
    }

    public Task<string?> Lookup() => Task.FromResult(state.State.UserId);

    public async Task AddInvitation(string repositoryId)
    {
        if (state.State.Invitations.Add(repositoryId))
            await state.WriteStateAsync();
    }

    public async Task RemoveInvitation(string repositoryId)
    {
        if (state.State.Invitations.Remove(repositoryId))
            await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<string>> TakeInvitations()
    {
        var taken = state.State.Invitations.Order(StringComparer.Ordinal).ToList();
        if (taken.Count == 0)
            return taken;
        state.State.Invitations.Clear();
        await state.WriteStateAsync();
        return taken;
    }
}

[GenerateSerializer, Alias("ck.user-directory-state")]
public sealed class UserDirectoryState
{
    [Id(0)] public string? UserId { get; set; }

    /// <summary>Repositories that invited this email before it had an account.</summary>
    [Id(1)] public HashSet<string> Invitations { get; set; } = [];
}
