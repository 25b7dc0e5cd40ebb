using ContextKit.Api.ChangeFeed;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace ContextKit.Api.Hubs;

/// <summary>
/// Forwards change-feed events to the SignalR group of their repository on this node. It listens to a
/// repository while at least one of this node's connections has joined it.
/// </summary>
public sealed class HubGroupForwarder(ChangeFeedListener listener, IHubContext<RepositoryHub> hub)
{
    readonly SemaphoreSlim gate = new(1, 1);
    readonly Dictionary<string, HashSet<string>> connectionsByRepository = [];
    readonly Dictionary<string, IAsyncDisposable> listening = [];

    public static string GroupOf(string repositoryId) => "repo:" + repositoryId;

    public async Task Join(string connectionId, string repositoryId)
    {
        await gate.WaitAsync();
        try
        {
            await hub.Groups.AddToGroupAsync(connectionId, GroupOf(repositoryId));
            if (!connectionsByRepository.TryGetValue(repositoryId, out var connections))
                connectionsByRepository[repositoryId] = connections = [];
            connections.Add(connectionId);
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
            foreach (var repositoryId in connectionsByRepository.Where(p => p.Value.Contains(connectionId)).Select(p => p.Key).ToList())
                await Forget(connectionId, repositoryId);
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
        var group = hub.Clients.Group(GroupOf(repositoryId));
        await group.SendAsync("RepositoryChanged", change);
        if (change is { Kind: ChangeKinds.ValidationChanged, Validation: { } validation })
            await group.SendAsync("ValidationChanged", new ValidationChangedMessage(repositoryId, change.Branch, validation.Ok, validation.TotalErrors));
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
