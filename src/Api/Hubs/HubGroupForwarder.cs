using ContextKit.Api.ChangeFeed;
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
                listening[repositoryId] = await listener.Listen(repositoryId,
                    change => hub.Clients.Group(GroupOf(repositoryId)).SendAsync("RepositoryChanged", change));
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

    async Task Forget(string connectionId, string repositoryId)
    {
        if (!connectionsByRepository.TryGetValue(repositoryId, out var connections) || !connections.Remove(connectionId) || connections.Count > 0)
            return;
        connectionsByRepository.Remove(repositoryId);
        if (listening.Remove(repositoryId, out var registration))
            await registration.DisposeAsync();
    }
}
