using ContextKit.Api.ChangeFeed;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace ContextKit.Api.Hubs;

/// <summary>
/// Forwards change-feed events to the SignalR group of their repository on this node. It listens to a
/// repository while at least one of this node's connections has joined it, and when the repository's
/// members change (or it is deleted) it drops the connections whose user may no longer see it, at once.
/// </summary>
public sealed class HubGroupForwarder(ChangeFeedListener listener, IHubContext<RepositoryHub> hub, IGrainFactory grains)
{
    readonly SemaphoreSlim gate = new(1, 1);
    // Repository → connection → the user signed in on it.
    readonly Dictionary<string, Dictionary<string, string>> connectionsByRepository = [];
    readonly Dictionary<string, IAsyncDisposable> listening = [];

    public static string GroupOf(string repositoryId) => "repo:" + repositoryId;

    public static string DocumentGroupOf(string repositoryId, string branch, string path) => "doc:" + DocumentKey.For(repositoryId, branch, path);

    public async Task Join(string connectionId, string userId, string repositoryId)
    {
        await gate.WaitAsync();
        try
        {
            await hub.Groups.AddToGroupAsync(connectionId, GroupOf(repositoryId));
            if (!connectionsByRepository.TryGetValue(repositoryId, out var connections))
                connectionsByRepository[repositoryId] = connections = [];
            connections[connectionId] = userId;
            if (!listening.ContainsKey(repositoryId))
                listening[repositoryId] = await listener.Listen(repositoryId, change => Forward(repositoryId, change));
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task Leave(string connectionId, string repositoryId)
    {
        await gate.WaitAsync();
        try
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(repositoryId));
            await Forget(connectionId, repositoryId);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task LeaveAll(string connectionId)
    {
        await gate.WaitAsync();
        try
        {
            foreach (var repositoryId in connectionsByRepository.Where(p => p.Value.ContainsKey(connectionId)).Select(p => p.Key).ToList())
            {
                // A closed connection is nowhere any more: others see it leave at once, not after the heartbeat expires.
                await grains.GetGrain<IPresenceGrain>(repositoryId).Leave(connectionId);
                await Forget(connectionId, repositoryId);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Every event goes out as <c>RepositoryChanged</c> (clients track sequence numbers on it); a
    /// validation event also as <c>ValidationChanged</c>, the shape api.md gives it.
    /// </summary>
    async Task Forward(string repositoryId, ChangeEvent change)
    {
        if (change is { Kind: ChangeKinds.DocumentEdited, Document: { } edit })
        {
            // Live edits go only to the document's participants, and are not part of the numbered feed.
            await hub.Clients.Group(DocumentGroupOf(repositoryId, change.Branch!, edit.Path)).SendAsync("DocumentChanged",
                new DocumentChangedMessage(repositoryId, change.Branch!, edit.Path, edit.Version,
                    System.Text.Json.JsonDocument.Parse(edit.OperationsJson).RootElement, change.Actor));
            return;
        }
        if (change is { Kind: ChangeKinds.PresenceChanged, Presence: { } present })
        {
            await hub.Clients.Group(GroupOf(repositoryId)).SendAsync("PresenceChanged", repositoryId, present.Entries);
            return;
        }
        if (change.Kind is ChangeKinds.MembersChanged or ChangeKinds.RepositoryDeleted)
            await DropConnectionsWithoutAccess(repositoryId);
        var group = hub.Clients.Group(GroupOf(repositoryId));
        await group.SendAsync("RepositoryChanged", change);
        if (change is { Kind: ChangeKinds.ValidationChanged, Validation: { } validation })
            await group.SendAsync("ValidationChanged", new ValidationChangedMessage(repositoryId, change.Branch, validation.Ok, validation.TotalErrors));
    }

    async Task DropConnectionsWithoutAccess(string repositoryId)
    {
        await gate.WaitAsync();
        try
        {
            if (!connectionsByRepository.TryGetValue(repositoryId, out var connections))
                return;
            foreach (var (connectionId, userId) in connections.ToList())
            {
                try
                {
                    await grains.GetGrain<IRepositoryGrain>(repositoryId).Authorize(userId, Domain.Repositories.RepositoryRole.Viewer);
                }
                catch (NotFoundException)
                {
                    await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(repositoryId));
                    await Forget(connectionId, repositoryId);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    async Task Forget(string connectionId, string repositoryId)
    {
        if (!connectionsByRepository.TryGetValue(repositoryId, out var connections) || !connections.Remove(connectionId) || connections.Count > 0)
            return;
        connectionsByRepository.Remove(repositoryId);
        if (listening.Remove(repositoryId, out var registration))
            await registration.DisposeAsync();
    }
}

/// <summary>The hub's <c>ValidationChanged</c> message (api.md).</summary>
public sealed record ValidationChangedMessage(string Repo, string? Branch, bool Ok, int TotalErrors);

/// <summary>The hub's <c>DocumentChanged</c> message (api.md): one applied edit, in UTF-16 units.</summary>
public sealed record DocumentChangedMessage(string Repo, string Branch, string Path, long Version, System.Text.Json.JsonElement Ops, string? Actor);
