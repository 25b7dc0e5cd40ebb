using ContextKit.Domain.Templates;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages;

public sealed partial class NewRepositoryDialog
{
    [CascadingParameter] IMudDialogInstance Dialog { get; set; } = default!;
    [Inject] RepositoryService Repositories { get; set; } = default!;
    [Inject] ILogger<NewRepositoryDialog> Logger { get; set; } = default!;

    MudForm? form;
    bool valid;
    string? name;
    string? description;
    RepositoryTemplate template = RepositoryTemplate.Starter;
    bool creating;
    string? error;

    async Task Create()
    {
        if (form is not null)
        {
            await form.ValidateAsync();
            if (!form.IsValid)
                return;
        }
        creating = true;
        error = null;
        try
        {
            var created = await Repositories.Create(name, description, template);
            Dialog.Close(DialogResult.Ok(created));
        }
        catch (Exception e)
        {
            error = Logger.Explain(e, "Creating a repository failed");
        }
        finally
        {
            creating = false;
        }
    }

    void Cancel() => Dialog.Cancel();
}
