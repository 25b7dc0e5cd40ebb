using ContextKit.Web.Components.Pages.Repository.Entities;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace ContextKit.Web.Components.Pages.Repository.Validation;

/// <summary>The Validation panel: the branch's validation report as one list of problems with links to where they are.</summary>
public sealed partial class ValidationTab
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public ContextOverview? Overview { get; set; }
    [Parameter] public string? LoadError { get; set; }
    [Parameter] public bool Busy { get; set; }
    [Parameter] public EventCallback Reload { get; set; }

    string? filter;
    bool showWarnings = true;

    IEnumerable<ValidationEntry> Shown => (Overview?.Entries ?? [])
        .Where(e => showWarnings || e.IsError)
        .Where(e => string.IsNullOrWhiteSpace(filter)
                    || filter.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
                        (e.Entity?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
                        || (e.File?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
                        || e.Message.Contains(word, StringComparison.OrdinalIgnoreCase)));

    bool IsEntity(string id) => Overview?.Entities.Any(e => e.Id == id) ?? false;

    Task Revalidate() => Reload.InvokeAsync();
}
