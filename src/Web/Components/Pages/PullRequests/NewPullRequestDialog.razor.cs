using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.PullRequests;

public sealed partial class NewPullRequestDialog
{
    [CascadingParameter] IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public string RepositoryId { get; set; } = "";
    [Parameter, EditorRequired] public string DefaultBranch { get; set; } = "";

    [Inject] PullRequestService PullRequests { get; set; } = default!;
    [Inject] ILogger<NewPullRequestDialog> Logger { get; set; } = default!;

    IReadOnlyList<BranchInfo>? branches;
    string? source, target, title, body, error;
    bool opening;

    /// <summary>Why the pull request cannot be opened yet, or null.</summary>
    string? Problem =>
        branches is null ? "loading" :
        string.IsNullOrEmpty(source) || string.IsNullOrEmpty(target) ? "Choose both branches." :
        source == target ? "Choose two different branches." :
        string.IsNullOrWhiteSpace(title) ? "Give it a title." : null;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            branches = await PullRequests.Branches(RepositoryId);
            target = DefaultBranch;
            source = branches.FirstOrDefault(b => b.Name != DefaultBranch)?.Name;
        }
        catch (Exception e)
        {
            error = FailureMessages.For(e);
        }
    }

    async Task Open()
    {
        if (Problem is not null)
            return;
        opening = true;
        error = null;
        try
        {
            var opened = await PullRequests.Open(RepositoryId, source!, target!, title!, body);
            Dialog.Close(DialogResult.Ok(opened.Number));
        }
        catch (Exception e)
        {
            error = Logger.Explain(e, "Opening a pull request in {Repository} failed", RepositoryId);
        }
        finally
        {
            opening = false;
        }
    }

    void Cancel() => Dialog.Cancel();
}
