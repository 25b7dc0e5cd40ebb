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
        await state.ClearStateAsync();
    }

    public Task<string?> Lookup() => Task.FromResult(state.State.UserId);
}

[GenerateSerializer, Alias("ck.user-directory-state")]
public sealed class UserDirectoryState
{
    [Id(0)] public string? UserId { get; set; }
}
