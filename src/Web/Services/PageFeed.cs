using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Services;

/// <summary>
/// A page's subscription to one repository's change feed (<see cref="WorkspaceService.Follow"/>): started once the page
/// knows its repository, stopped before it opens another and when it goes away. A page that cannot follow still works;
/// <see cref="Error"/> says why its changes will not show live.
/// </summary>
public sealed class PageFeed(WorkspaceService workspaces, ILogger logger) : IAsyncDisposable
{
    IAsyncDisposable? following;

    /// <summary>True while changes arrive (the page's "Live" chip).</summary>
    public bool Live => following is not null;

    public string? Error { get; private set; }

    public async Task Start(string repositoryId, Func<IReadOnlyList<ChangeEvent>, Task> onChanges)
    {
        await Stop();
        try
        {
            following = await workspaces.Follow(repositoryId, onChanges);
            Error = null;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Following the change feed of {Repository} failed", repositoryId);
            Error = FailureMessages.For(e);
        }
    }

    public async Task Stop()
    {
        var registration = following;
        following = null;
        if (registration is not null)
            await registration.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(Stop());
}
