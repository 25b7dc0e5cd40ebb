using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Impact;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Entity;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Repository.Graph;

/// <summary>
/// The Graph tab. Big repositories have thousands of entities, so it draws the neighbourhood of one entity
/// (<see cref="ContextEngineService.Graph"/> with a centre) unless the person asks for the whole graph.
/// </summary>
public sealed partial class GraphTab : IAsyncDisposable
{
    const int MaxListed = 300;

    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    /// <summary>The branch's entities, for the centre picker.</summary>
    [Parameter] public IReadOnlyList<EntitySummary> Entities { get; set; } = [];
    [Parameter] public bool DarkMode { get; set; }

    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ILogger<GraphTab> Logger { get; set; } = default!;
    [Inject] CollaborationService Collaboration { get; set; } = default!;
    [Inject] CurrentUser User { get; set; } = default!;

    ElementReference canvas;
    IJSObjectReference? module;
    DotNetObjectReference<GraphTab>? self;

    string? centre;
    string? shownCentre;
    int depth = 2;
    bool whole;
    string? search;
    int? matches;
    readonly HashSet<string> shownTypes = [.. EntityType.All.Select(t => t.Name)];
    GraphView? view;
    ImpactReport? impact;
    bool loading;
    bool analysing;
    bool active;
    bool drawPending;
    string? error;
    IReadOnlyList<PresenceEntry> present = [];
    IAsyncDisposable? presence;
    string? me;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            me = (await User.Actor()).UserId;
            presence = await Collaboration.FollowPresence(Where.RepositoryId, entries => InvokeAsync(async () =>
            {
                present = entries;
                await ShowViewers();
            }));
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Following who looks at which entity failed");
        }
    }

    /// <summary>Marks the entities others have open (their file, on this branch) with their names and colours.</summary>
    async Task ShowViewers()
    {
        if (module is null || view is null)
            return;
        var viewers = present
            .Where(p => p.UserId != me && p.Branch == Where.Branch && p.Path is not null)
            .Select(p => (Entity: Entities.FirstOrDefault(e => e.Path == p.Path), Person: p))
            .Where(v => v.Entity is not null)
            .GroupBy(v => v.Entity!.Id)
            .Select(g => new
            {
                id = g.Key,
                label = string.Join(", ", g.Select(v => v.Person.DisplayName).Distinct().Order()),
                colour = Editor.PresenceColors.Of(g.First().Person.UserId),
            })
            .ToList();
        try
        {
            await module.InvokeVoidAsync("showViewers", canvas, viewers);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    IReadOnlyList<GraphNode> ShownNodes => view?.Nodes.Where(n => shownTypes.Contains(n.Kind)).ToList() ?? [];

    string CanvasLabel => view is null ? "Dependency graph (loading)" : $"Dependency graph of {ShownNodes.Count} entities; the list beside it names them";

    string? SearchHelp => matches is null ? "Marks matching entities" : $"{matches} {(matches == 1 ? "match" : "matches")}";

    string? TitleOf(string id) => Entities.FirstOrDefault(e => e.Id == id)?.Title;

    Task<IEnumerable<string>> SearchEntities(string? text, CancellationToken cancellation) =>
        Task.FromResult<IEnumerable<string>>(Entities
            .Where(e => string.IsNullOrWhiteSpace(text) || e.Id.Contains(text, StringComparison.OrdinalIgnoreCase) || e.Title.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Id).ToList());

    /// <summary>Called when the tab is shown: the canvas needs a visible, sized element, so drawing waits until then.</summary>
    public async Task Activate()
    {
        active = true;
        if (view is null && !loading)
            await Load();
        else if (view is not null)
        {
            drawPending = true;
            StateHasChanged();
        }
    }

    public void Deactivate() => active = false;

    public bool IsActive => active;

    /// <summary>Reloads after changes to the branch, when the graph was already drawn.</summary>
    public async Task Refresh()
    {
        if (view is not null && active)
            await Load();
        else
            view = null;
    }

    async Task Load()
    {
        centre ??= DefaultCentre();
        if (centre is null && !whole)
        {
            view = new GraphView([], [], [], new GraphStats(0, 0, 0, new Dictionary<string, int>(), new Dictionary<string, int>()));
            drawPending = true;
            return;
        }
        loading = true;
        error = null;
        StateHasChanged();
        try
        {
            view = await Engine.Graph(Where, whole ? null : centre, depth);
            shownCentre = whole ? null : centre;
            drawPending = true;
        }
        catch (NotFoundException)
        {
            error = $"{centre} no longer exists. Choose another centre entity.";
            centre = null;
        }
        catch (Exception e)
        {
            error = $"The graph could not be loaded. {Logger.Explain(e, "Loading the graph of {Repository} failed", Where.RepositoryId)}";
        }
        finally
        {
            loading = false;
        }
        StateHasChanged();
    }

    // A feature makes the most telling neighbourhood; any entity will do otherwise.
    string? DefaultCentre() => (Entities.FirstOrDefault(e => e.Type == EntityType.Feature.Name) ?? Entities.FirstOrDefault())?.Id;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!drawPending || view is null || !active)
            return;
        drawPending = false;
        try
        {
            module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./_content/ContextKit.Web/js/graph.js");
            self ??= DotNetObjectReference.Create(this);
            var nodes = view.Nodes.Select(n => new { id = n.Id, type = n.Kind, colour = EntityLook.ColourOf(n.Kind), title = n.Data["title"]?.ToString() ?? n.Data["name"]?.ToString(), status = n.Data["status"]?.ToString() });
            var edges = view.Edges.Select(e => new { from = e.From, to = e.To, rel = e.Rel });
            await module.InvokeVoidAsync("show", canvas, nodes, edges, shownCentre, DarkMode, self);
            await module.InvokeVoidAsync("filterTypes", canvas, shownTypes);
            if (!string.IsNullOrWhiteSpace(search))
                matches = await module.InvokeAsync<int>("search", canvas, search);
            if (impact is not null)
                await Highlight(impact);
            await ShowViewers();
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException e)
        {
            Logger.LogWarning(e, "Drawing the graph failed");
            error = "The graph could not be drawn in this browser. The list beside it still names the entities.";
            StateHasChanged();
        }
    }

    [JSInvokable]
    public void OpenEntity(string id) => Navigation.NavigateTo(EntityPage.Href(Where.RepositoryId, id, Where.Branch));

    async Task OnCentreChanged(string? id)
    {
        if (string.IsNullOrEmpty(id) || id == centre)
            return;
        centre = id;
        impact = null;
        await Load();
    }

    async Task OnDepthChanged(int value)
    {
        depth = value;
        if (!whole)
            await Load();
    }

    async Task ToggleWhole()
    {
        whole = !whole;
        await Load();
    }

    async Task OnSearch(string? text)
    {
        search = text;
        if (module is null || view is null)
            return;
        try
        {
            matches = string.IsNullOrWhiteSpace(text) ? null : await module.InvokeAsync<int>("search", canvas, text ?? "");
        }
        catch (JSException e)
        {
            Logger.LogWarning(e, "Searching the graph failed");
        }
    }

    async Task ToggleType(string type, bool shown)
    {
        if (shown)
            shownTypes.Add(type);
        else
            shownTypes.Remove(type);
        if (module is not null && view is not null)
            await module.InvokeVoidAsync("filterTypes", canvas, shownTypes);
    }

    async Task HighlightImpact()
    {
        if (centre is null)
            return;
        analysing = true;
        try
        {
            impact = await Engine.Impact(Where, [centre], depth, null);
            // The impact may reach beyond the drawn neighbourhood; draw enough of the graph to show all of it.
            if (!whole && impact.ImpactedEntities.Count > 0 && impact.ImpactedEntities.Max(e => e.Distance) > depth)
                await Load();
            else
                await Highlight(impact);
        }
        catch (Exception e)
        {
            error = $"The impact could not be analysed. {Logger.Explain(e, "Analysing the impact of {Entity} failed", centre)}";
        }
        finally
        {
            analysing = false;
        }
    }

    async Task Highlight(ImpactReport report)
    {
        if (module is not null && view is not null)
            await module.InvokeVoidAsync("highlight", canvas, report.ChangedIds, report.ImpactedIds, report.StaleIds);
    }

    async Task ClearImpact()
    {
        impact = null;
        if (module is not null && view is not null)
            await module.InvokeVoidAsync("highlight", canvas, Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
    }

    async Task Fit()
    {
        if (module is not null)
            await module.InvokeVoidAsync("fit", canvas);
    }

    public async ValueTask DisposeAsync()
    {
        if (presence is not null)
            await presence.DisposeAsync();
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("dispose", canvas);
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone, and the canvas with it.
            }
        }
        self?.Dispose();
    }
}
