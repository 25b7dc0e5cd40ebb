using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Repository;

public sealed partial class NewFileDialog
{
    [CascadingParameter] IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    /// <summary>The folder the person was looking at, offered as the start of the path.</summary>
    [Parameter] public string Folder { get; set; } = "";

    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] ILogger<NewFileDialog> Logger { get; set; } = default!;

    string? path;
    bool creating;
    string? error;

    protected override void OnInitialized() => path = Folder.Length == 0 ? "" : Folder + "/";

    static string? CheckPath(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "The file needs a path.";
        if (value.EndsWith('/'))
            return "Add the file's name after the folder.";
        return RepoPath.TryParse(value.Trim(), allowRoot: false, out _, out var problem) ? null : problem;
    }

    async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !creating && CheckPath(path) is null)
            await Create();
    }

    async Task Create()
    {
        if (CheckPath(path) is not null)
            return;
        var file = RepoPath.Parse(path!.Trim()).Value;
        creating = true;
        error = null;
        try
        {
            await Workspaces.WriteFile(Where, file, [], WriteCondition.Create);
            Dialog.Close(DialogResult.Ok(file));
        }
        catch (RevisionConflictException)
        {
            error = $"{file} already exists. Choose another name, or open it from the tree.";
        }
        catch (Exception e)
        {
            error = Logger.Explain(e, "Creating {Path} failed", file);
        }
        finally
        {
            creating = false;
        }
    }

    void Cancel() => Dialog.Cancel();
}
