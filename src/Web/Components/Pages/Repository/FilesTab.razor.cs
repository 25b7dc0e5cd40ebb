using ContextKit.Domain.Validation;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>
/// The branch's file tree and a text editor for one file. Saves name the version that was loaded, so a
/// save never silently overwrites someone else's; a clash is shown with a choice of whose text to keep.
/// </summary>
public sealed partial class FilesTab : IAsyncDisposable
{
    const string EditorId = "ck-file-editor";

    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public bool CanEdit { get; set; }
    /// <summary>The signed-in user's id, to tell their own changes from other people's.</summary>
    [Parameter] public string? Me { get; set; }
    [Parameter, EditorRequired] public Func<string?, string> NameOf { get; set; } = default!;

    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<FilesTab> Logger { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;

    List<TreeItemData<string>>? roots;
    Dictionary<string, TreeItemData<string>> nodes = new(StringComparer.Ordinal);
    string? selectedPath;

    OpenFile? open;
    string? text;
    bool loadingFile;
    bool saving;
    SaveConflict? conflict;
    Notice? notice;
    ValidationReport? validation;
    string? validationPath;
    int? shownLine;
    int? lineToSelect;
    IJSObjectReference? editorModule;

    // Saving, reloading and reacting to the change feed all read and replace the open file's version;
    // the change feed runs between the awaits of a save, so they take turns.
    readonly SemaphoreSlim fileTurn = new(1, 1);

    bool IsDirty => open?.Content is { } content && text != content.Text;

    protected override async Task OnInitializedAsync() => await RefreshTree();

    /// <summary>Opens <paramref name="path"/> (revealing it in the tree) and selects <paramref name="line"/> in the editor.</summary>
    public async Task OpenAt(string path, int? line)
    {
        if (path != open?.Path)
        {
            if (IsDirty && !await ConfirmDiscard())
                return;
            await RefreshTree(reveal: path);
            await Open(path);
        }
        shownLine = line;
        lineToSelect = line;
        StateHasChanged();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (lineToSelect is not { } line || open?.Text is null)
            return;
        lineToSelect = null;
        try
        {
            editorModule ??= await JS.InvokeAsync<IJSObjectReference>("import", "./_content/ContextKit.Web/js/editor.js");
            await editorModule.InvokeAsync<bool>("selectLine", EditorId, line);
        }
        catch (JSException e)
        {
            Logger.LogWarning(e, "Selecting line {Line} of {Path} failed", line, open.Path);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>Reloads the tree, keeping open the folders that were open (and those leading to <paramref name="reveal"/>).</summary>
    public async Task RefreshTree(string? reveal = null)
    {
        try
        {
            var previous = nodes;
            var fresh = new Dictionary<string, TreeItemData<string>>(StringComparer.Ordinal);
            roots = await LoadLevel("", previous, fresh, reveal);
            nodes = fresh;
        }
        catch (Exception e)
        {
            roots ??= [];
            Snackbar.Failure(Logger, e, "Loading the file tree");
        }
    }

    async Task<List<TreeItemData<string>>> LoadLevel(string folder, Dictionary<string, TreeItemData<string>> previous,
        Dictionary<string, TreeItemData<string>> fresh, string? reveal)
    {
        var items = new List<TreeItemData<string>>();
        foreach (var entry in await Workspaces.ListTree(Where, folder))
        {
            var item = ToItem(entry, fresh);
            var wasOpen = previous.TryGetValue(entry.Path, out var old) && old.Expanded && old.Children is not null;
            if (item.Expandable && (wasOpen || reveal?.StartsWith(entry.Path + "/", StringComparison.Ordinal) == true))
            {
                try
                {
                    item.Children = await LoadLevel(entry.Path, previous, fresh, reveal);
                    item.Expanded = true;
                }
                catch (NotFoundException)
                {
                    // Deleted between listing its parent and listing it: show it closed; the next event tidies up.
                }
            }
            items.Add(item);
        }
        return items;
    }

    /// <summary>The tree's lazy loading: the children of a folder the person opens.</summary>
    async Task<IReadOnlyCollection<TreeItemData<string>>> LoadFolder(string? folder)
    {
        try
        {
            var children = (await Workspaces.ListTree(Where, folder ?? "")).Select(e => ToItem(e, nodes)).ToList();
            if (folder is not null && nodes.TryGetValue(folder, out var parent))
                parent.Children = children;
            return children;
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, $"Opening the folder {folder}");
            return [];
        }
    }

    static TreeItemData<string> ToItem(TreeEntry entry, Dictionary<string, TreeItemData<string>> index)
    {
        var isFolder = entry.Kind == "dir";
        var item = new TreeItemData<string>
        {
            Value = entry.Path,
            Text = entry.Path[(entry.Path.LastIndexOf('/') + 1)..],
            Icon = IconOf(entry.Path, isFolder),
            Expandable = isFolder,
        };
        index[entry.Path] = item;
        return item;
    }

    static string IconOf(string path, bool isFolder) =>
        isFolder ? Icons.Material.Outlined.Folder
        : path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ? Icons.Material.Outlined.DataObject
        : path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? Icons.Material.Outlined.Article
        : Icons.Material.Outlined.InsertDriveFile;

    bool IsFolder(string path) => nodes.TryGetValue(path, out var item) && item.Expandable;

    async Task OnTreeSelection(string? path)
    {
        selectedPath = path;
        if (path is null || IsFolder(path) || path == open?.Path)
            return;
        if (IsDirty && !await ConfirmDiscard())
        {
            selectedPath = open?.Path;
            return;
        }
        await Open(path);
    }

    async Task<bool> ConfirmDiscard() =>
        await Dialogs.ShowMessageBoxAsync("Discard your changes?",
            $"Your changes to {open!.Path} are not saved. Open the other file and discard them?",
            yesText: "Discard changes", cancelText: "Keep editing") == true;

    async Task Open(string path)
    {
        loadingFile = true;
        open = null;
        await fileTurn.WaitAsync();
        try
        {
            Show(await Workspaces.ReadFile(Where, path));
        }
        catch (NotFoundException)
        {
            Snackbar.Add($"{path} no longer exists; someone may have deleted or moved it.", Severity.Warning);
            await RefreshTree();
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, $"Opening {path}");
        }
        finally
        {
            fileTurn.Release();
            loadingFile = false;
        }
    }

    void Show(FileContent file)
    {
        open = new OpenFile(file.Path, file.ETag, EditableText.TryDecode(file.Content));
        text = open.Content?.Text;
        selectedPath = file.Path;
        conflict = null;
        notice = null;
        validation = null;
        shownLine = null;
    }

    void Close()
    {
        open = null;
        text = null;
        conflict = null;
        validation = null;
    }

    async Task Save()
    {
        if (open?.Content is null || !CanEdit)
            return;
        await Write(WriteCondition.Replace(open.ETag));
    }

    async Task OverwriteWithMine()
    {
        if (conflict is null)
            return;
        await Write(conflict.CurrentETag is { } current ? WriteCondition.Replace(current) : WriteCondition.Create);
    }

    async Task Write(WriteCondition condition)
    {
        saving = true;
        var created = false;
        await fileTurn.WaitAsync();
        try
        {
            if (open?.Content is not { } content)
                return;
            var saved = text ?? "";
            var result = await Workspaces.WriteFile(Where, open.Path, content.Encode(saved), condition);
            open = open with { ETag = result.ETag, Content = content with { Text = saved } };
            conflict = null;
            notice = null;
            validation = result.Validation;
            validationPath = open.Path;
            created = result.Created;
            Snackbar.Add($"Saved {open.Path}.", Severity.Success);
        }
        catch (RevisionConflictException e)
        {
            conflict = new SaveConflict(e.CurrentETag);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, $"Saving {open?.Path}");
        }
        finally
        {
            fileTurn.Release();
            saving = false;
        }
        // "Overwrite with mine" after a deletion puts the file back.
        if (created)
            await RefreshTree(open?.Path);
    }

    async Task ReloadTheirs()
    {
        if (open is null)
            return;
        await fileTurn.WaitAsync();
        try
        {
            Show(await Workspaces.ReadFile(Where, open.Path));
            notice = new Notice(Severity.Info, "Showing the latest saved version.");
        }
        catch (NotFoundException)
        {
            Close();
            Snackbar.Add("The file was deleted, so your changes were discarded.", Severity.Info);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Reloading the file");
        }
        finally
        {
            fileTurn.Release();
        }
    }

    async Task Delete()
    {
        if (open is null)
            return;
        var path = open.Path;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete file?",
            $"Delete {path}? The deletion shows in Changes until it is committed.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        saving = true;
        await fileTurn.WaitAsync();
        try
        {
            await Workspaces.DeleteFile(Where, path, open.ETag);
            Close();
            selectedPath = null;
            Snackbar.Add($"Deleted {path}.", Severity.Success);
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, $"Deleting {path}");
        }
        finally
        {
            fileTurn.Release();
            saving = false;
        }
        await RefreshTree();
    }

    async Task NewFile()
    {
        if (IsDirty && !await ConfirmDiscard())
            return;
        var folder = selectedPath is null ? "" : IsFolder(selectedPath) ? selectedPath : ParentOf(selectedPath);
        var parameters = new DialogParameters<NewFileDialog>
        {
            { d => d.Where, Where },
            { d => d.Folder, folder },
        };
        var dialog = await Dialogs.ShowAsync<NewFileDialog>("New file", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
        if (await dialog.Result is not { Canceled: false, Data: string path })
            return;
        await RefreshTree(reveal: path);
        await Open(path);
    }

    static string ParentOf(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

    /// <summary>
    /// Reacts to change-feed events: refreshes the tree, and when someone else changed the open file,
    /// shows their version (no unsaved edits here) or warns that it changed underneath (unsaved edits).
    /// </summary>
    public async Task Apply(IReadOnlyList<ChangeEvent> changes, bool missedSome)
    {
        var fileEvents = changes.Where(c => c.Kind is ChangeKinds.FileWritten or ChangeKinds.FileDeleted or ChangeKinds.Merged).ToList();
        if (fileEvents.Count > 0 || missedSome)
            await RefreshTree();
        if (open is null)
            return;
        var path = open.Path;
        var touching = fileEvents.LastOrDefault(c => c.Paths.Contains(path));
        if (touching is null && !missedSome)
            return;

        await fileTurn.WaitAsync();
        try
        {
            if (open?.Path != path)
                return;
            FileContent? current;
            try
            {
                current = await Workspaces.ReadFile(Where, path);
            }
            catch (NotFoundException)
            {
                current = null;
            }
            // Our own save arrives here too, after it finished: same version, nothing to do.
            if (current?.ETag == open.ETag)
                return;

            var who = touching?.Actor is { } actor && actor == Me ? "You (in another window)" : NameOf(touching?.Actor);
            if (current is null)
            {
                if (IsDirty)
                    notice = new Notice(Severity.Warning, $"{who} deleted this file while you were editing it. Saving will ask whether to create it again.");
                else
                {
                    Close();
                    Snackbar.Add($"{who} deleted {path}.", Severity.Info);
                }
            }
            else if (IsDirty)
            {
                notice = new Notice(Severity.Warning,
                    $"{who} saved this file while you were editing it. Your changes are not saved; when you save, you can keep yours or reload theirs.");
            }
            else
            {
                Show(current);
                notice = new Notice(Severity.Info, $"{who} saved this file. You are looking at the new version.");
            }
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Checking {Path} after a change by someone else failed", path);
        }
        finally
        {
            fileTurn.Release();
        }
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        fileTurn.Dispose();
        try
        {
            if (editorModule is not null)
                await editorModule.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>The file in the editor: the version it was loaded or last saved at, and its text (null when not text).</summary>
    sealed record OpenFile(string Path, string ETag, EditableText? Content)
    {
        public string? Text => Content?.Text;
    }

    /// <summary>A save refused because the file moved on; <c>CurrentETag</c> is its version now, null when it was deleted.</summary>
    sealed record SaveConflict(string? CurrentETag);

    sealed record Notice(Severity Severity, string Text);
}
