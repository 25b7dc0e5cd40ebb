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

    PageFeed? feed;

    PageFeed Feed => feed ??= new PageFeed(Workspaces, Logger);

    /// <summary>Loads what the page shows once the repository is known to be readable by the user.</summary>
    protected abstract Task LoadContent();

    /// <summary>True for change events after which the page should load again.</summary>
    protected abstract bool Concerns(ChangeEvent change);

    protected override async Task OnParametersSetAsync()
    {
        await Load();
        if (!Feed.Live)
            await Feed.Start(RepositoryId, batch => batch.Any(Concerns)
                ? InvokeAsync(async () => { await Load(); StateHasChanged(); })
                : Task.CompletedTask);
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
            LoadError = Logger.Explain(e, "Loading {Page} of {Repository} failed", GetType().Name, RepositoryId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Feed.Stop();
        GC.SuppressFinalize(this);
    }
}
