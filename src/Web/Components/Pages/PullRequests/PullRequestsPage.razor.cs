using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.PullRequests;

/// <summary>The pull requests of a repository, open ones first shown; a new one is opened from here. Kept current by the change feed.</summary>
public sealed partial class PullRequestsPage
{
    const string All = "all";

    public static string Href(string repositoryId) => $"/repos/{Uri.EscapeDataString(repositoryId)}/pulls";

    [Parameter] public string RepositoryId { get; set; } = "";

    [Inject] RepositoryService Repositories { get; set; } = default!;
    [Inject] PullRequestService PullRequests { get; set; } = default!;
    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ILogger<PullRequestsPage> Logger { get; set; } = default!;

    RepositoryInfo? repository;
    IReadOnlyList<PullRequestInfo>? pulls;
    string state = PullRequestStates.Open;
    string? loadError;
    IAsyncDisposable? following;

    bool CanEdit => repository?.Role >= RepositoryRole.Editor;

    protected override async Task OnParametersSetAsync()
    {
        await Load();
        following ??= await FollowQuietly();
    }

    async Task Load()
    {
        try
        {
            repository = (await Repositories.Open(RepositoryId)).Repository;
            pulls = await PullRequests.List(RepositoryId, state == All ? null : state);
            loadError = null;
        }
        catch (Exception e)
        {
            if (!FailureMessages.IsExpected(e))
                Logger.LogError(e, "Loading the pull requests of {Repository} failed", RepositoryId);
            loadError = FailureMessages.For(e);
        }
    }

    async Task<IAsyncDisposable?> FollowQuietly()
    {
        try
        {
            return await Workspaces.Follow(RepositoryId, batch => batch.Any(e => e.PullRequest is not null)
                ? InvokeAsync(async () => { await Load(); StateHasChanged(); })
                : Task.CompletedTask);
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Following the change feed of {Repository} failed", RepositoryId);
            return null;
        }
    }

    async Task Filter(string? value)
    {
        state = value ?? PullRequestStates.Open;
        await Load();
    }

    async Task New()
    {
        var parameters = new DialogParameters<NewPullRequestDialog> { { d => d.RepositoryId, RepositoryId }, { d => d.DefaultBranch, repository!.DefaultBranch } };
        var dialog = await Dialogs.ShowAsync<NewPullRequestDialog>("New pull request", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: int number })
            Navigation.NavigateTo(PullRequestPage.Href(RepositoryId, number));
    }

    public async ValueTask DisposeAsync()
    {
        if (following is not null)
            await following.DisposeAsync();
    }
}
