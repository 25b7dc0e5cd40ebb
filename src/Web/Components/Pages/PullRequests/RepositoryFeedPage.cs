using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Pages.PullRequests;

/// <summary>
/// What the pull request pages share: the repository as the user sees it, a load that turns failures into a
/// message, and a reload whenever the change feed reports something the page shows.
/// </summary>
public abstract class RepositoryFeedPage : ComponentBase, IAsyncDisposable
{
    [Parameter] public string RepositoryId { get; set; } = "";

    [Inject] protected RepositoryService Repositories { get; set; } = default!;
    [Inject] protected WorkspaceService Workspaces { get; set; } = default!;
    [Inject] protected ILogger<RepositoryFeedPage> Logger { get; set; } = default!;

    protected RepositoryInfo? Repository { get; private set; }
    protected string? LoadError { get; private set; }

    IAsyncDisposable? following;

    /// <summary>Loads what the page shows once the repository is known to be readable by the user.</summary>
    protected abstract Task LoadContent();

    /// <summary>True for change events after which the page should load again.</summary>
    protected abstract bool Concerns(ChangeEvent change);

    protected override async Task OnParametersSetAsync()
    {
        await Load();
        following ??= await Follow();
    }

    protected async Task Load()
    {
        try
        {
            Repository = (await Repositories.Open(RepositoryId)).Repository;
            await LoadContent();
            LoadError = null;
        }
        catch (Exception e)
        {
            if (!FailureMessages.IsExpected(e))
                Logger.LogError(e, "Loading {Page} of {Repository} failed", GetType().Name, RepositoryId);
            LoadError = FailureMessages.For(e);
        }
    }

    async Task<IAsyncDisposable?> Follow()
    {
        try
        {
            return await Workspaces.Follow(RepositoryId, batch => batch.Any(Concerns)
                ? InvokeAsync(async () => { await Load(); StateHasChanged(); })
                : Task.CompletedTask);
        }
        catch (Exception e)
        {
            // The page still works without live updates; a reload brings it up to date.
            Logger.LogWarning(e, "Following the change feed of {Repository} failed", RepositoryId);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (following is not null)
            await following.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
