using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>The branch's uncommitted changes, who made them, and committing a chosen set of them.</summary>
public sealed partial class ChangesTab
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public bool CanEdit { get; set; }
    [Parameter] public EventCallback<int> ChangeCountChanged { get; set; }
    [Parameter] public EventCallback<CommitInfo> Committed { get; set; }

    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] ILogger<ChangesTab> Logger { get; set; } = default!;

    GitStatus? status;
    string? loadError;
    string? message;
    bool committing;

    // The file whose diff is shown under the list, and that diff.
    string? shown;
    GitDiff? diff;
    string? diffError;
    bool sideBySide = true;

    // Remembers the files left out rather than those chosen, so that files changed later start out chosen.
    readonly HashSet<string> leftOut = new(StringComparer.Ordinal);

    IReadOnlyList<string> ChosenPaths => status?.Changes.Select(c => c.Path).Where(IsChosen).ToList() ?? [];

    bool AllChosen => status is not null && status.Changes.All(c => IsChosen(c.Path));

    bool IsChosen(string path) => !leftOut.Contains(path);

    void Choose(string path, bool chosen)
    {
        if (chosen)
            leftOut.Remove(path);
        else
            leftOut.Add(path);
    }

    void ChooseAll(bool chosen)
    {
        leftOut.Clear();
        if (!chosen && status is not null)
            leftOut.UnionWith(status.Changes.Select(c => c.Path));
    }

    protected override Task OnInitializedAsync() => Refresh();

    public async Task Refresh()
    {
        try
        {
            status = await Workspaces.GetStatus(Where);
            loadError = null;
            leftOut.IntersectWith(status.Changes.Select(c => c.Path));
            if (shown is not null)
                await LoadDiff();
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Loading the changes of {Repository}/{Branch} failed", Where.RepositoryId, Where.Branch);
        }
        await ChangeCountChanged.InvokeAsync(status?.Changes.Count ?? 0);
        StateHasChanged();
    }

    async Task Commit()
    {
        var paths = ChosenPaths;
        if (paths.Count == 0 || string.IsNullOrWhiteSpace(message))
            return;
        committing = true;
        try
        {
            var commit = await Workspaces.Commit(Where, message.Trim(), paths);
            Snackbar.Add($"Committed {commit.Commit[..7]}: {commit.Message}", Severity.Success);
            message = null;
            await Committed.InvokeAsync(commit);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Committing");
        }
        finally
        {
            committing = false;
        }
        await Refresh();
    }

    async Task ShowDiff(string? path)
    {
        shown = path == shown ? null : path;
        diff = null;
        diffError = null;
        if (shown is not null)
            await LoadDiff();
    }

    async Task LoadDiff()
    {
        var path = shown!;
        try
        {
            var loaded = await Workspaces.GetDiff(Where, path);
            if (shown == path)
                (diff, diffError) = (loaded, null);
        }
        catch (Exception e)
        {
            diffError = Logger.Explain(e, "Loading the diff of {Path} on {Repository}/{Branch} failed", path, Where.RepositoryId, Where.Branch);
        }
    }

    async Task Discard()
    {
        var paths = ChosenPaths;
        if (paths.Count == 0)
            return;
        var what = paths.Count == 1 ? paths[0] : $"{paths.Count} files";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Discard changes?",
            $"Drop the changes to {what} for everyone on {Where.Branch}? Changed files go back to the last commit, new files are removed. This cannot be undone.",
            yesText: "Discard changes", cancelText: "Keep them");
        if (confirmed != true)
            return;
        try
        {
            var discarded = await Workspaces.Discard(Where, paths);
            Snackbar.Add($"Discarded the changes to {discarded.Count} {(discarded.Count == 1 ? "file" : "files")}.", Severity.Info);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Discarding");
        }
        await Refresh();
    }

    static Color ColorOf(string state) => state switch
    {
        "added" => Color.Success,
        "deleted" => Color.Error,
        "conflicted" => Color.Warning,
        _ => Color.Info,
    };
}
