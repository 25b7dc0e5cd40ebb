using ContextKit.Domain.Entities;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Repository.Entities;

public sealed partial class NewEntityDialog
{
    [CascadingParameter] IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;

    [Inject] EntityService Entities { get; set; } = default!;
    [Inject] ILogger<NewEntityDialog> Logger { get; set; } = default!;

    string type = EntityType.Feature.Name;
    string? name;
    string template = "";
    IReadOnlyList<EntityTemplateInfo>? templates;
    bool creating;
    string? error;

    string NameLabel => EntityType.Named(type) is { } t && EntityService.NameField(t) == "name" ? "Name" : "Title";

    IEnumerable<EntityTemplateInfo> TemplatesOfType => templates?.Where(t => t.EntityType == type) ?? [];

    protected override async Task OnInitializedAsync()
    {
        try
        {
            templates = (await Entities.Templates(Where)).Templates;
        }
        catch (Exception e)
        {
            // Templates are optional; the entity can still be created without one.
            Logger.LogWarning(e, "Loading the builder templates of {Repository} failed", Where.RepositoryId);
            templates = [];
        }
    }

    void OnTypeChanged(string value)
    {
        type = value;
        template = "";
    }

    async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !creating && !string.IsNullOrWhiteSpace(name))
            await Create();
    }

    async Task Create()
    {
        if (string.IsNullOrWhiteSpace(name))
            return;
        creating = true;
        error = null;
        try
        {
            var created = await Entities.Create(Where, type, name, template);
            Dialog.Close(DialogResult.Ok(created.Id));
        }
        catch (Exception e)
        {
            error = Logger.Explain(e, "Creating a {Type} in {Repository} failed", type, Where.RepositoryId);
        }
        finally
        {
            creating = false;
        }
    }

    void Cancel() => Dialog.Cancel();
}
