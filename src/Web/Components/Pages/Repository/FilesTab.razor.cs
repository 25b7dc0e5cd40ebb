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
/// The branch's file tree and the live editor for one file (<see cref="Editor.LiveEditor"/>): everyone with the file
/// open edits it together and it is saved as they type, so there is no save button and no clash to settle.
/// </summary>
public sealed partial class FilesTab : IAsyncDisposable
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public bool CanEdit { get; set; }
    /// <summary>The signed-in user's id, to tell their own changes from other people's.</summary>
    [Parameter] public string? Me { get; set; }
    [Parameter, EditorRequired] public Func<string?, string> NameOf { get; set; } = default!;

    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<FilesTab> Logger { get; set; } = default!;
    [Inject] CollaborationService Collaboration { get; set; } = default!;

    List<TreeItemData<string>>? roots;
    Dictionary<string, TreeItemData<string>> nodes = new(StringComparer.Ordinal);
    string? selectedPath;

    OpenFile? open;
    Editor.LiveEditor? liveEditor;
    bool loadingFile;
    bool saving;
    Notice? notice;
    ValidationReport? validation;
    string? validationPath;
    int? shownLine;
    int? lineToSelect;

    // Opening, deleting and reacting to the change feed all replace the open file; they take turns.
    readonly SemaphoreSlim fileTurn = new(1, 1);

    // Who else has which file of this branch open (from presence, on every node): markers in the tree.
    IReadOnlyDictionary<string, string> peopleByPath = new Dictionary<string, string>();
    IAsyncDisposable? presence;

    protected override async Task OnInitializedAsync()
    {
        await RefreshTree();
        try
        {
            presence = await Collaboration.FollowPresence(Where.RepositoryId, entries => InvokeAsync(() =>
            {
                var next = entries
                    .Where(e => e.UserId != Me && e.Branch == Where.Branch && e.Path is not null)
                    .GroupBy(e => e.Path!)
                    .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(e => e.DisplayName).Order()));
                // Cursors move with every keystroke; the tree changes only when someone opens or leaves a file.
                if (next.Count == peopleByPath.Count && next.All(p => peopleByPath.TryGetValue(p.Key, out var people) && people == p.Value))
                    return;
                peopleByPath = next;
                StateHasChanged();
            }));
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Following who has which file open failed");
        }
    }

    /// <summary>The people (other than this one) who have <paramref name="path"/> open, for the tree.</summary>
    string? PeopleAt(string? path) => path is not null && peopleByPath.TryGetValue(path, out var people) ? "● " + people : null;

    /// <summary>Opens <paramref name="path"/> (revealing it in the tree) and selects <paramref name="line"/> in the editor.</summary>
    public async Task OpenAt(string path, int? line)
    {
        if (path != open?.Path)
        {
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
            if (liveEditor is not null)
                await liveEditor.SelectLine(line);
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
        await Open(path);
    }

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
        selectedPath = file.Path;
        notice = null;
        validation = null;
        shownLine = null;
    }

    void Close()
    {
        open = null;
        validation = null;
    }

    /// <summary>The live editor validated the branch after an edit: show the outcome under the editor.</summary>
    void OnLiveValidation(ValidationReport report)
    {
        validation = report;
        validationPath = open?.Path;
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
            // Live edits save the file as people type, so the version to delete is the current one.
            var current = await Workspaces.ReadFile(Where, path);
            await Workspaces.DeleteFile(Where, path, current.ETag);
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
    /// Reacts to change-feed events: refreshes the tree, and closes the open file when someone deleted it. (Writes
    /// to the open file by other routes reach the live editor as edits, so nothing is lost or needs reloading.)
    /// </summary>
    public async Task Apply(IReadOnlyList<ChangeEvent> changes, bool missedSome)
    {
        var fileEvents = changes.Where(c => c.Kind is ChangeKinds.FileWritten or ChangeKinds.FileDeleted or ChangeKinds.Merged).ToList();
        if (fileEvents.Count > 0 || missedSome)
            await RefreshTree();
        if (open is null)
            return;
        var path = open.Path;
        var deletion = fileEvents.LastOrDefault(c => c.Kind == ChangeKinds.FileDeleted && c.Paths.Contains(path));
        if (deletion is null && !missedSome)
            return;

        await fileTurn.WaitAsync();
        try
        {
            if (open?.Path != path)
                return;
            try
            {
                await Workspaces.ReadFile(Where, path);
                return;
            }
            catch (NotFoundException)
            {
            }
            var who = deletion?.Actor is { } actor && actor == Me ? "You (in another window)" : NameOf(deletion?.Actor);
            Close();
            Snackbar.Add($"{who} deleted {path}.", Severity.Info);
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
        if (presence is not null)
            await presence.DisposeAsync();
    }

    /// <summary>The file in the editor: the version it was loaded at, and its text (null when not text).</summary>
    sealed record OpenFile(string Path, string ETag, EditableText? Content)
    {
        public string? Text => Content?.Text;
    }

    sealed record Notice(Severity Severity, string Text);
}
