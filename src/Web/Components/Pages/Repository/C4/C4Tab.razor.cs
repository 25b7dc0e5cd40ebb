using System.Text;
using ContextKit.Domain.C4;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace ContextKit.Web.Components.Pages.Repository.C4;

/// <summary>The C4 tab: the branch's diagrams, one drawn with Mermaid beside its validation (§10).</summary>
public sealed partial class C4Tab : IAsyncDisposable
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public bool DarkMode { get; set; }

    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] ILogger<C4Tab> Logger { get; set; } = default!;

    IReadOnlyList<C4DiagramFile>? diagrams;
    string? loadError;
    string? selected;
    string? file;
    C4Report? report;
    List<string> blocks = [];
    ElementReference[] figures = [];
    readonly Dictionary<int, string> renderErrors = [];
    bool opening;
    bool drawPending;
    bool active;
    IJSObjectReference? module;

    /// <summary>Called when the tab is shown; the list loads on first show, and diagrams draw only while visible.</summary>
    public async Task Activate()
    {
        active = true;
        if (diagrams is null)
            await Refresh();
        else if (blocks.Count > 0)
        {
            drawPending = true;
            StateHasChanged();
        }
    }

    public void Deactivate() => active = false;

    public bool IsActive => active;

    public async Task Refresh()
    {
        try
        {
            diagrams = await Engine.ListC4(Where);
            loadError = null;
            if (selected is not null && diagrams.Any(d => d.Name == selected))
                await Select(selected);
            else if (diagrams.Count > 0 && selected is null)
                await Select(diagrams[0].Name);
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Listing the C4 diagrams of {Repository} failed", Where.RepositoryId);
        }
        StateHasChanged();
    }

    async Task Select(string? name)
    {
        if (name is null || diagrams?.FirstOrDefault(d => d.Name == name) is not { } diagram)
            return;
        selected = name;
        opening = true;
        StateHasChanged();
        try
        {
            var reading = Workspaces.ReadFile(Where, diagram.File);
            report = await Engine.C4(Where, name);
            file = diagram.File;
            blocks = MermaidBlocksOf(Encoding.UTF8.GetString((await reading).Content));
            figures = new ElementReference[blocks.Count];
            renderErrors.Clear();
            drawPending = true;
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Opening the C4 diagram {Name} failed", name);
        }
        finally
        {
            opening = false;
        }
    }

    /// <summary>The text of each ```mermaid fenced block of a Markdown file, in order.</summary>
    public static List<string> MermaidBlocksOf(string markdown)
    {
        var found = new List<string>();
        StringBuilder? current = null;
        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current is null)
            {
                if (line.TrimStart().StartsWith("```mermaid", StringComparison.Ordinal))
                    current = new StringBuilder();
            }
            else if (line.TrimStart() == "```")
            {
                found.Add(current.ToString());
                current = null;
            }
            else
                current.AppendLine(raw);
        }
        return found;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!drawPending || !active || figures.Length != blocks.Count)
            return;
        drawPending = false;
        try
        {
            module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./_content/ContextKit.Web/js/mermaid-view.js");
            for (var i = 0; i < blocks.Count; i++)
            {
                if (await module.InvokeAsync<string?>("render", figures[i], blocks[i], DarkMode) is { } problem)
                    renderErrors[i] = problem;
            }
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (JSException e)
        {
            Logger.LogWarning(e, "Drawing a C4 diagram failed");
            renderErrors[0] = "the diagram library did not load.";
        }
        if (renderErrors.Count > 0)
            StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (module is not null)
                await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }
}
