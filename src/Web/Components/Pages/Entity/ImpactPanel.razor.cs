using ContextKit.Domain.Impact;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Entity;

/// <summary>Picks changed entities, a depth and a base, runs the impact analysis and shows what it touches.</summary>
public sealed partial class ImpactPanel
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    /// <summary>The entities picked to start with (the entity whose page this is).</summary>
    [Parameter] public IReadOnlyList<string> InitialIds { get; set; } = [];
    [Parameter] public IReadOnlyList<EntitySummary> Entities { get; set; } = [];

    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] ILogger<ImpactPanel> Logger { get; set; } = default!;

    readonly List<string> ids = [];
    string? pending;
    int depth = ImpactRequest.DefaultDepth;
    string baseRevision = ImpactRequest.DefaultBase;
    bool running;
    string? error;
    ImpactReport? report;
    bool seeded;

    protected override void OnParametersSet()
    {
        if (seeded)
            return;
        ids.AddRange(InitialIds);
        seeded = true;
    }

    string? TitleOf(string id) => Entities.FirstOrDefault(e => e.Id == id)?.Title;

    Task<IEnumerable<string>> SearchEntities(string? text, CancellationToken cancellation) =>
        Task.FromResult<IEnumerable<string>>(Entities
            .Where(e => !ids.Contains(e.Id))
            .Where(e => string.IsNullOrWhiteSpace(text) || e.Id.Contains(text, StringComparison.OrdinalIgnoreCase) || e.Title.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Id).ToList());

    void AddId(string? id)
    {
        pending = null;
        if (!string.IsNullOrWhiteSpace(id) && !ids.Contains(id))
            ids.Add(id);
    }

    void RemoveId(string id) => ids.Remove(id);

    async Task Run()
    {
        if (ids.Count == 0)
            return;
        running = true;
        error = null;
        try
        {
            report = await Engine.Impact(Where, ids.ToList(), depth, baseRevision);
        }
        catch (Exception e)
        {
            error = Logger.Explain(e, "Analysing the impact of {Ids} failed", string.Join(", ", ids));
        }
        finally
        {
            running = false;
        }
    }
}
