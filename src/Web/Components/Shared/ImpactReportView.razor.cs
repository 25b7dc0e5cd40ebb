using ContextKit.Domain.Impact;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ContextKit.Web.Components.Shared;

/// <summary>Shows one impact report; the entity page's impact panel and the pull request page both use it.</summary>
public sealed partial class ImpactReportView
{
    [Parameter, EditorRequired] public string RepositoryId { get; set; } = "";
    [Parameter, EditorRequired] public ImpactReport Report { get; set; } = default!;

    /// <summary>The branch the report is about: entity links open there.</summary>
    [Parameter] public string? Branch { get; set; }

    static Color ColorOf(string severity) => severity switch
    {
        "error" => Color.Error,
        "warning" => Color.Warning,
        _ => Color.Info,
    };
}
