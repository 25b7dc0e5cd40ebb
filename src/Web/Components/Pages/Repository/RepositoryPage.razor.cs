using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>
/// One repository on its default branch: files, changes and history in tabs, kept current by the
/// repository's change feed while the page is open.
/// </summary>
public sealed partial class RepositoryPage
{
    const int ChangesTabIndex = 1, HistoryTabIndex = 2;

    public static string Href(string repositoryId) => $"/repos/{Uri.EscapeDataString(repositoryId)}";

    [Parameter] public string RepositoryId { get; set; } = "";

    [Inject] RepositoryService Repositories { get; set; } = default!;
    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] CurrentUser User { get; set; } = default!;
    [Inject] ILogger<RepositoryPage> Logger { get; set; } = default!;

    RepositoryInfo? repository;
    RepositoryBranch? where;
    string? me;
    bool notFound;
    string? loadError;
    Dictionary<string, string> names = [];

    IAsyncDisposable? following;
    bool disposed;
    bool live;
    string? liveError;
    long lastSequence;

    int activeTab;
    int changeCount;
    FilesTab? files;
    ChangesTab? changes;
    HistoryTab? history;

    bool CanEdit => repository?.Role >= RepositoryRole.Editor;

    protected override async Task OnParametersSetAsync()
    {
        if (repository?.Id == RepositoryId)
            return;
        await Load();
    }

    async Task Load()
    {
        await StopFollowing();
        lastSequence = 0;
        repository = null;
        where = null;
        notFound = false;
        loadError = null;
        try
        {
            me = (await User.Actor()).UserId;
            var (info, branch) = await Repositories.Open(RepositoryId);
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
            if (!FailureMessages.IsExpected(e))
                Logger.LogError(e, "Opening repository {Repository} failed", RepositoryId);
            loadError = FailureMessages.For(e);
            return;
        }
        await StartFollowing(where.RepositoryId);
    }

    async Task LoadMembers()
    {
        var members = await Repositories.Members(RepositoryId);
        names = members.Where(m => m.UserId is not null).ToDictionary(m => m.UserId!, m => m.DisplayName);
    }

    /// <summary>A person's display name from their user id, as change events carry only the id.</summary>
    string NameOf(string? userId) => userId is not null && names.TryGetValue(userId, out var name) ? name : "Someone";

    async Task StartFollowing(string repositoryId)
    {
        try
        {
            following = await Workspaces.Follow(repositoryId, changes => InvokeAsync(() => Apply(changes)));
            live = true;
            liveError = null;
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Following the change feed of {Repository} failed", repositoryId);
            live = false;
            liveError = FailureMessages.For(e);
        }
    }

    async Task StopFollowing()
    {
        live = false;
        var registration = following;
        following = null;
        if (registration is not null)
            await registration.DisposeAsync();
    }

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
        if (files is not null)
            await files.Apply(here, missedSome);
        if (changes is not null)
            await changes.Refresh();
        if (history is not null && (missedSome || here.Any(e => e.Kind == ChangeKinds.Committed)))
            await history.Refresh();
        StateHasChanged();
    }

    async Task OnTabChanged(int index)
    {
        activeTab = index;
        // The feed keeps the tabs current, but a missed event must not leave a stale list in front of someone.
        if (index == ChangesTabIndex && changes is not null)
            await changes.Refresh();
        else if (index == HistoryTabIndex && history is not null)
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
        await StopFollowing();
    }
}
