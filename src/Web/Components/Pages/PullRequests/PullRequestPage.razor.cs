using ContextKit.Api.PullRequests;
using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.PullRequests;

/// <summary>
/// One pull request: its conversation, commits, diff, the validation of its source and the impact of what
/// it changes, with merge and close. A merge that meets conflicts opens the <see cref="ConflictDialog"/>; the
/// choices made there complete the merge as one commit. Refreshes when the feed reports a change to it or its branches.
/// </summary>
public sealed partial class PullRequestPage
{
    public static string Href(string repositoryId, int number) => $"{PullRequestsPage.Href(repositoryId)}/{number}";

    [Parameter] public int Number { get; set; }

    [Inject] PullRequestService PullRequests { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;

    PullRequestDetail? detail;
    string? commentText;
    bool busy, merging;

    bool CanEdit => Repository?.Role >= RepositoryRole.Editor;

    /// <summary>Why the merge button is off, said next to it; null when it is on.</summary>
    string? MergeBlocked => detail switch
    {
        { TargetProtected: true } when Repository?.Role != RepositoryRole.Owner => $"{detail.PullRequest.Target} is protected: an owner merges.",
        { TargetProtected: true, Review.Validation.Ok: false } => "The source must validate first.",
        _ => null,
    };

    protected override async Task LoadContent() => detail = await PullRequests.Get(RepositoryId, Number);

    protected override bool Concerns(ChangeEvent change) =>
        !busy && (change.PullRequest == Number
        || (detail is { } d && change.Kind is ChangeKinds.Committed or ChangeKinds.Merged or ChangeKinds.BranchProtection
            && (change.Branch == d.PullRequest.Source || change.Branch == d.PullRequest.Target)));

    async Task Merge(IReadOnlyList<MergeResolution> resolutions)
    {
        busy = merging = true;
        try
        {
            var merged = await PullRequests.Merge(RepositoryId, Number, resolutions);
            Snackbar.Add($"Merged into {merged.Target} as {merged.MergeCommit?[..7]}.", Severity.Success);
        }
        catch (MergeConflictException conflict)
        {
            busy = merging = false;
            await Resolve(conflict.Conflicts);
            return;
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Merging");
        }
        finally
        {
            busy = merging = false;
        }
        await Load();
    }

    /// <summary>Asks how to settle each conflicted file, then merges again with those choices.</summary>
    async Task Resolve(IReadOnlyList<MergeConflict> conflicts)
    {
        var pull = detail!.PullRequest;
        var parameters = new DialogParameters<ConflictDialog>
        {
            { d => d.Conflicts, conflicts },
            { d => d.Ours, pull.Target },
            { d => d.Theirs, pull.Source },
        };
        var dialog = await Dialogs.ShowAsync<ConflictDialog>("Resolve conflicts", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: IReadOnlyList<MergeResolution> resolutions })
            await Merge(resolutions);
    }

    async Task Close()
    {
        busy = true;
        try
        {
            await PullRequests.Close(RepositoryId, Number);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Closing");
        }
        finally
        {
            busy = false;
        }
        await Load();
    }

    async Task Comment()
    {
        busy = true;
        try
        {
            await PullRequests.Comment(RepositoryId, Number, commentText ?? "");
            commentText = null;
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Commenting");
        }
        finally
        {
            busy = false;
        }
        await Load();
    }
}
