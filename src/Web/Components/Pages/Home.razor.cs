using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Repository;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages;

/// <summary>The signed-in person's repositories, and the way to create one.</summary>
public sealed partial class Home
{
    [Inject] RepositoryService Repositories { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ILogger<Home> Logger { get; set; } = default!;

    IReadOnlyList<RepositoryInfo>? repositories;
    string? loadError;

    protected override Task OnInitializedAsync() => Load();

    async Task Load()
    {
        loadError = null;
        repositories = null;
        try
        {
            repositories = await Repositories.ListMine();
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Listing the repositories failed");
        }
    }

    async Task CreateRepository()
    {
        var dialog = await Dialogs.ShowAsync<NewRepositoryDialog>("New repository",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: RepositoryInfo created })
            Navigation.NavigateTo(RepositoryPage.Href(created.Id));
    }
}
