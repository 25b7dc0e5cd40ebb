using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Git;

/// <summary>
/// The commits of a branch, newest first: all of them, those touching <see cref="Path"/>, or those touching the
/// file of entity <see cref="EntityId"/> (both follow renames). A commit's changes open below the list.
/// </summary>
public sealed partial class HistoryList
{
    const int Limit = 50;

    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public string? Path { get; set; }
    [Parameter] public string? EntityId { get; set; }

    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] ILogger<HistoryList> Logger { get; set; } = default!;

    IReadOnlyList<CommitInfo>? commits;
    string? loadError;
    string? loadedFor;
    string? shown;
    GitDiff? diff;
    string? diffError;
    bool sideBySide = true;

    string? ForWhat => EntityId ?? Path;

    string Title => ForWhat is { } what ? $"Commits touching {what} on {Where.Branch}, newest first" : $"Commits on {Where.Branch}, newest first";

    protected override async Task OnParametersSetAsync()
    {
        var key = $"{Where}|{Path}|{EntityId}";
        if (key == loadedFor)
            return;
        loadedFor = key;
        shown = null;
        await Refresh();
    }

    public async Task Refresh()
    {
        try
        {
            commits = EntityId is { Length: > 0 } id
                ? await Workspaces.GetEntityLog(Where, id, Limit)
                : await Workspaces.GetLog(Where, Limit, string.IsNullOrWhiteSpace(Path) ? null : Path.Trim());
            loadError = null;
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Loading the history of {Repository}/{Branch} failed", Where.RepositoryId, Where.Branch);
        }
        StateHasChanged();
    }

    async Task ShowChanges(string commit)
    {
        shown = shown == commit ? null : commit;
        (diff, diffError) = (null, null);
        if (shown is null)
            return;
        try
        {
            // Against its parent; the first commit has none and shows no comparison.
            diff = await Workspaces.GetDiff(Where, EntityId is null ? Path : null, commit + "~1", commit);
        }
        catch (BadRequestException)
        {
            diffError = "This is the first commit: it created every file it holds.";
        }
        catch (Exception e)
        {
            diffError = Logger.Explain(e, "Loading the changes of {Commit} failed", commit);
        }
    }
}
