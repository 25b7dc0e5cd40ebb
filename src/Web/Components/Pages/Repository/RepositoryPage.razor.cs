using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Repository.C4;
using ContextKit.Web.Components.Pages.Repository.Entities;
using ContextKit.Web.Components.Pages.Repository.Graph;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>
/// One repository on one branch (the default unless <c>?branch=</c> names another; the branch switcher links
/// there): files, entities, validation, graph, C4 diagrams, changes and history in tabs, kept current by the
/// repository's change feed while the page is open. <c>?tab=</c> opens a tab;
/// <c>?file=&amp;line=</c> opens a file in the Files tab at a line (the Validation panel links there).
/// </summary>
public sealed partial class RepositoryPage
{
    public const string FilesTabName = "files", EntitiesTab = "entities", ValidationTabName = "validation", GraphTabName = "graph",
        C4TabName = "c4", ChangesTabName = "changes", HistoryTabName = "history";

    // In the order of the tabs on the page.
    static readonly string[] TabNames = [FilesTabName, EntitiesTab, ValidationTabName, GraphTabName, C4TabName, ChangesTabName, HistoryTabName];

    static int IndexOf(string name) => Array.IndexOf(TabNames, name);

    public static string Href(string repositoryId) => $"/repos/{Uri.EscapeDataString(repositoryId)}";

    /// <summary>A tab of the repository, on <paramref name="branch"/> when given (else the default branch).</summary>
    public static string Href(string repositoryId, string tab, string? branch = null) =>
        $"{Href(repositoryId)}?tab={Uri.EscapeDataString(tab)}{BranchQuery(branch)}";

    /// <summary>A link that opens <paramref name="file"/> in the Files tab, at <paramref name="line"/> when given.</summary>
    public static string FileHref(string repositoryId, string file, int? line, string? branch = null) =>
        $"{Href(repositoryId)}?tab={FilesTabName}&file={Uri.EscapeDataString(file)}{(line is { } l ? $"&line={l}" : "")}{BranchQuery(branch)}";

    static string BranchQuery(string? branch) => branch is null ? "" : $"&branch={Uri.EscapeDataString(branch)}";

    [Parameter] public string RepositoryId { get; set; } = "";
    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }
    [SupplyParameterFromQuery(Name = "branch")] public string? Branch { get; set; }
    [SupplyParameterFromQuery(Name = "file")] public string? File { get; set; }
    [SupplyParameterFromQuery(Name = "line")] public int? Line { get; set; }
    [CascadingParameter(Name = "DarkMode")] public bool DarkMode { get; set; }

    [Inject] RepositoryService Repositories { get; set; } = default!;
    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] EntityService Entities { get; set; } = default!;
    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] CurrentUser User { get; set; } = default!;
    [Inject] ILogger<RepositoryPage> Logger { get; set; } = default!;

    RepositoryInfo? repository;
    RepositoryBranch? where;
    string? me;
    bool notFound;
    string? loadError;
    Dictionary<string, string> names = [];

    PageFeed? feed;

    PageFeed Feed => feed ??= new PageFeed(Workspaces, Logger);
    bool disposed;
    long lastSequence;

    int activeTab;
    int changeCount;
    FilesTab? files;
    ChangesTab? changes;
    HistoryTab? history;
    GraphTab? graph;
    C4Tab? c4;

    ContextOverview? overview;
    string? overviewError;
    bool overviewBusy;
    (string File, int? Line)? fileToOpen;
    string? appliedQuery;

    bool CanEdit => repository?.Role >= RepositoryRole.Editor;

    // The ?branch= the page was loaded for (null: the default branch).
    string? loadedBranch;

    /// <summary>This page on another branch, on the tab shown now.</summary>
    string BranchHref(string name) => $"{Href(RepositoryId, TabNames[activeTab])}&branch={Uri.EscapeDataString(name)}";

    protected override async Task OnParametersSetAsync()
    {
        if (repository?.Id != RepositoryId || loadedBranch != Branch)
            await Load();
        var query = $"{Tab}|{File}|{Line}";
        if (where is null || query == appliedQuery)
            return;
        appliedQuery = query;
        if (File is { Length: > 0 } file)
            fileToOpen = (file, Line);
        var index = IndexOf((File is { Length: > 0 } ? FilesTabName : Tab ?? "").ToLowerInvariant());
        if (index >= 0 && index != activeTab)
            await OnTabChanged(index);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The Files tab exists only once the page has rendered with the repository loaded.
        if (fileToOpen is { } target && files is not null)
        {
            fileToOpen = null;
            await files.OpenAt(target.File, target.Line);
        }
        // A link straight to the Graph or C4 tab: they start drawing once they exist.
        if (where is not null && TabNames[activeTab] == GraphTabName && graph is { IsActive: false })
            await graph.Activate();
        if (where is not null && TabNames[activeTab] == C4TabName && c4 is { IsActive: false })
            await c4.Activate();
    }

    /// <summary>Loads the entities and the validation report that the Entities and Validation tabs share.</summary>
    async Task LoadOverview()
    {
        if (where is null)
            return;
        overviewBusy = true;
        StateHasChanged();
        try
        {
            overview = await ContextOverview.Load(where, Entities, Engine);
            overviewError = null;
        }
        catch (Exception e)
        {
            overviewError = Logger.Explain(e, "Loading the entities and validation of {Repository}/{Branch} failed", where.RepositoryId, where.Branch);
        }
        finally
        {
            overviewBusy = false;
        }
        StateHasChanged();
    }

    async Task Load()
    {
        await Feed.Stop();
        lastSequence = 0;
        repository = null;
        where = null;
        notFound = false;
        loadError = null;
        overview = null;
        appliedQuery = null;
        try
        {
            me = (await User.Actor()).UserId;
            loadedBranch = Branch;
            var (info, branch) = await Repositories.Open(RepositoryId, Branch);
            await LoadMembers();
            repository = info;
            where = new RepositoryBranch(info.Id, branch);
        }
        catch (NotFoundException)
        {
            notFound = true;
            return;
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Opening repository {Repository} failed", RepositoryId);
            return;
        }
        await Feed.Start(where.RepositoryId, changes => InvokeAsync(() => Apply(changes)));
        await LoadOverview();
    }

    async Task LoadMembers()
    {
        var members = await Repositories.Members(RepositoryId);
        names = members.Where(m => m.UserId is not null).ToDictionary(m => m.UserId!, m => m.DisplayName);
    }

    /// <summary>A person's display name from their user id, as change events carry only the id.</summary>
    string NameOf(string? userId) => userId is not null && names.TryGetValue(userId, out var name) ? name : "Someone";

    /// <summary>Brings every view up to date with a batch of change events (on the renderer's context).</summary>
    async Task Apply(IReadOnlyList<ChangeEvent> batch)
    {
        if (where is null || disposed)
            return;
        // Events are hints and can be lost. After a gap nobody knows what changed, so every view reloads.
        var missedSome = lastSequence > 0 && batch.Count > 0 && batch.Min(e => e.Sequence) > lastSequence + 1;
        lastSequence = Math.Max(lastSequence, batch.Max(e => e.Sequence));
        var here = batch.Where(e => e.Branch is null || e.Branch == where.Branch).ToList();
        if (here.Count == 0 && !missedSome)
            return;

        if (here.Any(e => e.Actor is { } actor && !names.ContainsKey(actor)))
        {
            try
            {
                await LoadMembers();
            }
            catch (Exception e)
            {
                Logger.LogWarning(e, "Reloading the members of {Repository} failed", where.RepositoryId);
            }
        }
        // A pull moves many files at once: the views reload as after a gap.
        var pulled = here.Any(e => e.Kind == ChangeKinds.Pulled);
        if (files is not null)
            await files.Apply(here, missedSome || pulled);
        if (changes is not null)
            await changes.Refresh();
        if (history is not null && (missedSome || pulled || here.Any(e => e.Kind is ChangeKinds.Committed or ChangeKinds.Merged)))
            await history.Refresh();
        // Saves announce themselves as file events; validation.changed also covers a change of outcome without one.
        var contextChanged = missedSome || pulled || here.Any(e => e.Kind is ChangeKinds.FileWritten or ChangeKinds.FileDeleted or ChangeKinds.ValidationChanged or ChangeKinds.Merged);
        if (contextChanged)
        {
            await LoadOverview();
            if (graph is not null && here.Any(e => e.Paths.Any(p => p.StartsWith("contexts/", StringComparison.Ordinal))))
                await graph.Refresh();
            if (c4 is not null && here.Any(e => e.Paths.Any(p => p.StartsWith("c4/", StringComparison.Ordinal))))
                await c4.Refresh();
        }
        StateHasChanged();
    }

    async Task OnTabChanged(int index)
    {
        activeTab = index;
        var name = TabNames[index];
        // The graph and the diagrams draw into the page; they must be visible to be measured.
        if (name == GraphTabName)
        {
            if (graph is not null)
                await graph.Activate();
        }
        else
            graph?.Deactivate();
        if (name == C4TabName)
        {
            if (c4 is not null)
                await c4.Activate();
        }
        else
            c4?.Deactivate();
        // The feed keeps the tabs current, but a missed event must not leave a stale list in front of someone.
        if (name == ChangesTabName && changes is not null)
            await changes.Refresh();
        else if (name == HistoryTabName && history is not null)
            await history.Refresh();
    }

    void OnChangeCountChanged(int count) => changeCount = count;

    async Task OnCommitted(CommitInfo commit)
    {
        if (history is not null)
            await history.Refresh();
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        await Feed.Stop();
    }
}
