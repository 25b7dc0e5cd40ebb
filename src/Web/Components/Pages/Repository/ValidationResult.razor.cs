using ContextKit.Domain.Validation;
using Microsoft.AspNetCore.Components;

namespace ContextKit.Web.Components.Pages.Repository;

public sealed partial class ValidationResult
{
    const int MaxShown = 20;

    [Parameter, EditorRequired] public ValidationReport Report { get; set; } = default!;
    /// <summary>The file open in the editor; its problems are listed first.</summary>
    [Parameter] public string? SavedPath { get; set; }
    [Parameter] public string? Class { get; set; }

    IReadOnlyList<ValidationProblem> problems = [];

    protected override void OnParametersSet() =>
        problems = ValidationProblem.From(Report).OrderBy(p => p.File == SavedPath ? 0 : 1).ToList();
}
