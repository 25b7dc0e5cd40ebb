using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Git;

/// <summary>
/// Lists the repository's branches; choosing one opens the repository page on it (<c>?branch=</c>). Editors create
/// a branch from the one shown and delete a branch that is not the default, after confirming; owners protect it.
/// </summary>
public sealed partial class BranchSwitcher
{
    [Parameter, EditorRequired] public string RepositoryId { get; set; } = "";
    [Parameter, EditorRequired] public string Branch { get; set; } = "";
    [Parameter] public bool CanEdit { get; set; }

    /// <summary>Owners protect the branch shown, or lift its protection.</summary>
    [Parameter] public bool CanProtect { get; set; }

    /// <summary>Where a branch is shown: the repository page on that branch.</summary>
    [Parameter, EditorRequired] public Func<string, string> HrefOf { get; set; } = default!;

    [Inject] BranchService Branches { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<BranchSwitcher> Logger { get; set; } = default!;

    IReadOnlyList<BranchInfo> branches = [];
    string? loadError;
    string? loadedFor;

    bool IsDefault => branches.FirstOrDefault(b => b.Name == Branch)?.IsDefault ?? true;

    bool IsProtected => branches.FirstOrDefault(b => b.Name == Branch)?.Protected ?? false;

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFor == $"{RepositoryId}|{Branch}")
            return;
        loadedFor = $"{RepositoryId}|{Branch}";
        await Load();
    }

    async Task Load()
    {
        try
        {
            branches = await Branches.List(RepositoryId);
            loadError = null;
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Listing the branches of {Repository} failed", RepositoryId);
        }
    }

    void Switch(string name)
    {
        if (name != Branch)
            Navigation.NavigateTo(HrefOf(name));
    }

    async Task Create()
    {
        var parameters = new DialogParameters<NewBranchDialog> { { d => d.RepositoryId, RepositoryId }, { d => d.From, Branch } };
        var dialog = await Dialogs.ShowAsync<NewBranchDialog>("New branch", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
        if (await dialog.Result is not { Canceled: false, Data: string created })
            return;
        Snackbar.Add($"Created {created} from {Branch}.", Severity.Success);
        Navigation.NavigateTo(HrefOf(created));
    }

    async Task Delete()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete branch?",
            $"Delete the branch {Branch} and its working tree? Its commits stay only where other branches hold them.",
            yesText: "Delete branch", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            await Branches.Delete(RepositoryId, Branch, force: false);
        }
        catch (ConflictException)
        {
            var force = await Dialogs.ShowMessageBoxAsync("Delete uncommitted changes too?",
                $"{Branch} has changes nobody committed. Deleting the branch loses them for good.",
                yesText: "Delete branch and changes", cancelText: "Keep the branch");
            if (force != true || !await TryDelete(force: true))
                return;
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Deleting the branch");
            return;
        }
        Snackbar.Add($"Deleted the branch {Branch}.", Severity.Info);
        Navigation.NavigateTo(HrefOf(branches.FirstOrDefault(b => b.IsDefault)?.Name ?? ""));
    }

    async Task Protect(bool isProtected)
    {
        var confirmed = isProtected
            ? await Dialogs.ShowMessageBoxAsync($"Protect {Branch}?",
                $"Direct edits, live edits, commits and merges to {Branch} will be refused, and so will deleting it. Changes arrive through pull requests, which merge only when their branch validates.",
                yesText: "Protect branch", cancelText: "Cancel")
            : await Dialogs.ShowMessageBoxAsync($"Lift the protection of {Branch}?",
                $"Editors will be able to change {Branch} directly again.",
                yesText: "Lift protection", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            await Branches.SetProtection(RepositoryId, Branch, isProtected);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, isProtected ? "Protecting the branch" : "Lifting the branch's protection");
            return;
        }
        Snackbar.Add(isProtected ? $"{Branch} is protected." : $"{Branch} is no longer protected.", Severity.Success);
        await Load();
    }

    async Task<bool> TryDelete(bool force)
    {
        try
        {
            await Branches.Delete(RepositoryId, Branch, force);
            return true;
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Deleting the branch");
            return false;
        }
    }
}
