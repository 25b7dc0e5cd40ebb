using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Entity;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Repository.Entities;

/// <summary>The context tree of the repository page, and creating an entity.</summary>
public sealed partial class EntitiesTab
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public ContextOverview? Overview { get; set; }
    [Parameter] public string? LoadError { get; set; }
    [Parameter] public bool CanEdit { get; set; }
    [Parameter] public EventCallback Reload { get; set; }

    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;

    string? filter;
    bool onlyWithErrors;

    bool Keep(EntitySummary entity)
    {
        if (onlyWithErrors && Overview?.ErrorCounts.GetValueOrDefault(entity.Id) is null or 0)
            return false;
        if (string.IsNullOrWhiteSpace(filter))
            return true;
        return filter.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
            entity.Id.Contains(word, StringComparison.OrdinalIgnoreCase)
            || entity.Title.Contains(word, StringComparison.OrdinalIgnoreCase)
            || entity.Path.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    async Task NewEntity()
    {
        var parameters = new DialogParameters<NewEntityDialog> { { d => d.Where, Where } };
        var dialog = await Dialogs.ShowAsync<NewEntityDialog>("New entity", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
        if (await dialog.Result is not { Canceled: false, Data: string id })
            return;
        Navigation.NavigateTo(EntityPage.Href(Where.RepositoryId, id, Where.Branch));
    }
}
