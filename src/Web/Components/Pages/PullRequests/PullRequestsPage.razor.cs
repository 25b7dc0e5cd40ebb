using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.PullRequests;

/// <summary>The pull requests of a repository (the open ones unless another state is chosen); a new one is opened from here. Kept current by the change feed.</summary>
public sealed partial class PullRequestsPage
{
    const string All = "all";

    public static string Href(string repositoryId) => $"/repos/{Uri.EscapeDataString(repositoryId)}/pulls";

    [Inject] PullRequestService PullRequests { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;

    IReadOnlyList<PullRequestInfo>? pulls;
    string state = PullRequestStates.Open;

    bool CanEdit => Repository?.Role >= RepositoryRole.Editor;

    protected override async Task LoadContent() => pulls = await PullRequests.List(RepositoryId, state == All ? null : state);

    protected override bool Concerns(ChangeEvent change) => change.PullRequest is not null;

    async Task Filter(string? value)
    {
        state = value ?? PullRequestStates.Open;
        await Load();
    }

    async Task New()
    {
        var parameters = new DialogParameters<NewPullRequestDialog> { { d => d.RepositoryId, RepositoryId }, { d => d.DefaultBranch, Repository!.DefaultBranch } };
        var dialog = await Dialogs.ShowAsync<NewPullRequestDialog>("New pull request", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: int number })
            Navigation.NavigateTo(PullRequestPage.Href(RepositoryId, number));
    }
}
