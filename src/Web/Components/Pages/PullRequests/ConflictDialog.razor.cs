using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.PullRequests;

public sealed partial class ConflictDialog
{
    const string Marker = "<<<<<<<";

    [CascadingParameter] IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public IReadOnlyList<MergeConflict> Conflicts { get; set; } = [];
    /// <summary>The branch merged into (its version is "ours").</summary>
    [Parameter, EditorRequired] public string Ours { get; set; } = "";
    /// <summary>The branch being merged (its version is "theirs").</summary>
    [Parameter, EditorRequired] public string Theirs { get; set; } = "";

    sealed class Choice
    {
        public string? Take { get; set; }
        public string? Text { get; set; }
    }

    readonly Dictionary<string, Choice> choices = new(StringComparer.Ordinal);

    protected override void OnParametersSet()
    {
        foreach (var conflict in Conflicts)
            choices.TryAdd(conflict.Path, new Choice());
    }

    void Choose(MergeConflict conflict, string take)
    {
        var choice = choices[conflict.Path];
        choice.Take = take;
        // Editing starts from git's merge with its conflict markers, the most honest starting point.
        if (take == MergeResolution.TextChoice && choice.Text is null)
            choice.Text = conflict.Merged ?? conflict.Ours ?? conflict.Theirs ?? "";
    }

    /// <summary>Why the merge cannot be completed yet, or null.</summary>
    string? Problem =>
        choices.Values.Any(c => c.Take is null) ? "Choose a resolution for every file." :
        choices.Values.Any(c => c.Take == MergeResolution.TextChoice && (c.Text ?? "").Contains(Marker, StringComparison.Ordinal))
            ? "An edited text still has conflict markers." : null;

    void Complete()
    {
        if (Problem is not null)
            return;
        IReadOnlyList<MergeResolution> resolutions = choices
            .Select(c => new MergeResolution(c.Key, c.Value.Take!, c.Value.Take == MergeResolution.TextChoice ? c.Value.Text : null))
            .ToList();
        Dialog.Close(DialogResult.Ok(resolutions));
    }

    void Cancel() => Dialog.Cancel();
}
