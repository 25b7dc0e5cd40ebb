using System.Security.Cryptography;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;
using ContextKit.Grains.Imports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextKit.Grains.Remotes;

/// <summary>
/// A repository's upstream remote. The token is encrypted with Data Protection (keys under the data
/// folder, so a restart can still read it) and is decrypted only for the git process that needs it.
/// Pulls and pushes of one repository run one at a time here; a pull hands the fetched commit to the
/// branch's workspace, which moves its working tree (the workspace never calls this grain back).
/// </summary>
public sealed class RemoteGrain(
    [PersistentState("remote", "state")] IPersistentState<RemoteState> state,
    RepositoryStore store,
    IDataProtectionProvider protection,
    IOptions<ImportLimits> limits,
    ILogger<RemoteGrain> logger) : Grain, IRemoteGrain
{
    string RepositoryId => this.GetPrimaryKeyString();

    // Bound to the repository: a token copied into another repository's state cannot be read there.
    IDataProtector Protector => protection.CreateProtector("ContextKit.Remotes.Token", RepositoryId);

    public Task<RemoteInfo> Get() => Task.FromResult(Info());

    public async Task<RemoteInfo> Configure(string? url, string? token, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            await state.ClearStateAsync();
            state.State = new RemoteState();
        }
        else
        {
            state.State.Url = CloneUrlPolicy.Check(url, limits.Value);
            if (token is not null)
                state.State.ProtectedToken = token.Length == 0 ? null : Protector.Protect(token);
            state.State.UpdatedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
        }
        await GrainFactory.GetGrain<IChangeFeedGrain>(RepositoryId).Publish(new ChangeDraft(ChangeKinds.RemoteChanged, null, [], null, actor.UserId));
        logger.LogInformation("Remote of {Repository} {Action} by {User} (token set: {TokenSet})",
            RepositoryId, state.State.Url is null ? "removed" : "configured", actor.UserId, state.State.ProtectedToken is not null);
        return Info();
    }

    public async Task<SyncResult> Pull(string branch, Actor actor)
    {
        var (url, token) = Credentials();
        var gitDirectory = store.GitDirectory(RepositoryId);
        var fetched = await GitWork.Run(() => RemoteSync.Fetch(gitDirectory, url, token, branch));
        return await GrainFactory.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(RepositoryId, branch)).FastForward(fetched, actor);
    }

    public async Task<SyncResult> Push(string branch, Actor actor)
    {
        var (url, token) = Credentials();
        var gitDirectory = store.GitDirectory(RepositoryId);
        var head = await GitWork.Run(() => RemoteSync.Push(gitDirectory, url, token, branch));
        await GrainFactory.GetGrain<IChangeFeedGrain>(RepositoryId).Publish(new ChangeDraft(ChangeKinds.Pushed, branch, [], head, actor.UserId));
        return new SyncResult(branch, "pushed", null, head, []);
    }

    (string Url, string? Token) Credentials()
    {
        var url = state.State.Url ?? throw new RemoteSyncException(RemoteSyncException.NotConfigured, "This repository has no remote; an owner sets one first.");
        if (state.State.ProtectedToken is not { } protectedToken)
            return (url, null);
        try
        {
            return (url, Protector.Unprotect(protectedToken));
        }
        catch (CryptographicException)
        {
            throw new RemoteSyncException(RemoteSyncException.TokenUnreadable,
                "The remote's stored token can no longer be read (the server's keys changed); an owner sets the token again.");
        }
    }

    RemoteInfo Info() => new(state.State.Url, state.State.ProtectedToken is not null, state.State.UpdatedAt);
}

[GenerateSerializer, Alias("ck.remote-state")]
public sealed class RemoteState
{
    [Id(0)] public int Version { get; set; } = 1;
    [Id(1)] public string? Url { get; set; }

    /// <summary>The token as Data Protection's ciphertext; the clear token is never stored.</summary>
    [Id(2)] public string? ProtectedToken { get; set; }

    [Id(3)] public DateTimeOffset? UpdatedAt { get; set; }
}
