using ContextKit.Domain.Prompts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Entity;

public sealed partial class PromptPanel : IAsyncDisposable
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter, EditorRequired] public string EntityId { get; set; } = "";
    [Parameter] public bool CanEdit { get; set; }

    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<PromptPanel> Logger { get; set; } = default!;

    GeneratedPrompt? prompt;
    string? error;
    bool generating;
    IJSObjectReference? module;

    async Task Generate()
    {
        generating = true;
        error = null;
        try
        {
            var report = await Engine.GeneratePrompts(Where, [EntityId]);
            prompt = report.Generated.FirstOrDefault(g => g.Id == EntityId);
            if (prompt is null)
                error = report.Errors.FirstOrDefault()?.Error is { } why ? $"No prompt was generated: {why}." : "No prompt was generated.";
        }
        catch (Exception e)
        {
            error = $"The prompt could not be generated. {Logger.Explain(e, "Generating the prompt of {Entity} failed", EntityId)}";
        }
        finally
        {
            generating = false;
        }
    }

    async Task Copy()
    {
        if (prompt is null)
            return;
        module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./_content/ContextKit.Web/js/clipboard.js");
        if (await module.InvokeAsync<bool>("copyText", prompt.Content))
            Snackbar.Add("Prompt copied to the clipboard.", Severity.Success);
        else
            Snackbar.Add("The browser did not allow copying. Select the text and copy it by hand.", Severity.Warning);
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
