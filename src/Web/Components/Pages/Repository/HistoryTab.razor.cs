using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>The branch's latest commits, newest first.</summary>
public sealed partial class HistoryTab
{
    const int Limit = 50;

    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;

    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] ILogger<HistoryTab> Logger { get; set; } = default!;

    IReadOnlyList<CommitInfo>? commits;
    string? loadError;

    protected override Task OnInitializedAsync() => Refresh();

    public async Task Refresh()
    {
        try
        {
            commits = await Workspaces.GetLog(Where, Limit);
            loadError = null;
        }
        catch (Exception e)
        {
            if (!FailureMessages.IsExpected(e))
                Logger.LogError(e, "Loading the history of {Repository}/{Branch} failed", Where.RepositoryId, Where.Branch);
            loadError = FailureMessages.For(e);
        }
        StateHasChanged();
    }
}
