using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Validation;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Repository;
using ContextKit.Web.Components.Pages.Repository.Validation;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Pages.Entity;

/// <summary>
/// One entity: a form made from its type's JSON Schema (validation findings shown at their fields), its YAML,
/// its prompt and its impact. Saving sends the form's data with the version that was loaded, so a save never
/// overwrites someone else's; only the changed fields are rewritten, so comments in the file stay.
/// </summary>
public sealed partial class EntityPage
{
    /// <summary>The entity on <paramref name="branch"/> when given (else the repository's default branch).</summary>
    public static string Href(string repositoryId, string entityId, string? branch = null) =>
        $"/repos/{Uri.EscapeDataString(repositoryId)}/entities/{Uri.EscapeDataString(entityId)}" +
        (branch is null ? "" : $"?branch={Uri.EscapeDataString(branch)}");

    [Parameter] public string RepositoryId { get; set; } = "";
    [Parameter] public string EntityId { get; set; } = "";
    [SupplyParameterFromQuery(Name = "branch")] public string? Branch { get; set; }

    [Inject] RepositoryService Repositories { get; set; } = default!;
    [Inject] EntityService Entities { get; set; } = default!;
    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<EntityPage> Logger { get; set; } = default!;

    RepositoryInfo? repository;
    RepositoryBranch? where;
    EntityDocument? document;
    EntityData? data;
    EntityData? savedData;
    string savedJson = "";
    IReadOnlyList<FormField> fields = [];
    bool schemaFromRepository = true;
    IReadOnlyList<EntitySummary> entities = [];
    IReadOnlyList<ValidationEntry> problems = [];
    string? notFound;
    string? loadError;
    bool saving;
    bool conflict;
    string? savedMessage;
    (Severity Severity, string Text)? notice;
    string? loadedKey;

    PageFeed? feed;
    bool disposed;

    PageFeed Feed => feed ??= new PageFeed(Workspaces, Logger);

    bool CanEdit => repository?.Role >= RepositoryRole.Editor;

    bool IsDirty => data is not null && data.Data.ToJsonString() != savedJson;

    string? Title => savedData?.Text("title") ?? savedData?.Text("name");

    int ErrorCount => problems.Count(p => p.IsError);

    IReadOnlyList<BreadcrumbItem> Crumbs =>
    [
        new("Repositories", "/"),
        new(repository?.Name ?? RepositoryId, RepositoryPage.Href(RepositoryId, RepositoryPage.EntitiesTab, Branch)),
        new(EntityLook.PluralOf(EntityType.Named(document?.Type) ?? EntityType.Feature), RepositoryPage.Href(RepositoryId, RepositoryPage.EntitiesTab, Branch)),
        new(EntityId, null, disabled: true),
    ];

    // Findings at a field the form shows go to that field; the rest (parse errors, compliance, undeclared fields) go on top.
    ILookup<string, ValidationEntry> Problems => problems.Where(p => p.Field is not null && IsShown(p.Field)).ToLookup(p => p.Field!);

    IReadOnlyList<ValidationEntry> GeneralProblems => problems.Where(p => p.Field is null || !IsShown(p.Field)).ToList();

    IReadOnlyList<string> UndeclaredFields => data?.Data.Select(p => p.Key).Where(k => k != "id" && fields.All(f => f.Path != k)).ToList() ?? [];

    bool IsShown(string path) => Flatten(fields).Any(f => f.Path == path);

    static IEnumerable<FormField> Flatten(IEnumerable<FormField> list) => list.SelectMany(f => f.Children.Count == 0 ? [f] : Flatten(f.Children).Prepend(f));

    protected override async Task OnParametersSetAsync()
    {
        var key = $"{RepositoryId}/{EntityId}@{Branch}";
        if (loadedKey == key)
            return;
        loadedKey = key;
        await Load();
    }

    async Task Load()
    {
        await Feed.Stop();
        notFound = null;
        loadError = null;
        document = null;
        try
        {
            var (info, branch) = await Repositories.Open(RepositoryId, Branch);
            repository = info;
            where = new RepositoryBranch(info.Id, branch);
            var reading = Entities.Get(where, EntityId);
            var listing = Entities.List(where);
            var validating = Engine.Validate(where);
            var doc = await reading;
            var (schema, fromRepository) = await Entities.Schema(where, doc.Type);
            entities = await listing;
            fields = EntityType.Named(doc.Type) is { } type ? FormField.From(schema, type) : [];
            schemaFromRepository = fromRepository;
            Show(doc);
            ShowValidation(await validating);
        }
        catch (NotFoundException)
        {
            notFound = repository is null ? "Repository not found" : $"No entity has the id {EntityId}";
            return;
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Opening entity {Entity} of {Repository} failed", EntityId, RepositoryId);
            return;
        }
        await Feed.Start(RepositoryId, changes => InvokeAsync(() => Apply(changes)));
    }

    void Show(EntityDocument doc)
    {
        document = doc;
        savedData = EntityData.Parse(doc.DataJson);
        data = EntityData.Parse(doc.DataJson);
        savedJson = data.Data.ToJsonString();
        conflict = false;
    }

    void ShowValidation(ValidationReport report)
    {
        if (document is null)
            return;
        var fileOf = entities.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First().Path, StringComparer.Ordinal);
        fileOf[document.Id] = document.Path;
        problems = ValidationEntry.From(report, fileOf)
            .Where(p => p.Entity == document.Id || p.File == document.Path)
            .Select(p => p.Line is null && p.Field is not null ? p with { Line = YamlLines.Find(document.Yaml, p.Field, p.Reference) } : p)
            .ToList();
    }

    void OnChanged()
    {
        savedMessage = null;
        StateHasChanged();
    }

    async Task Save()
    {
        if (where is null || document is null || data is null || !CanEdit)
            return;
        saving = true;
        try
        {
            var result = await Entities.Update(where, document.Id, (JsonObject)data.Data.DeepClone(), document.ETag);
            var reloaded = await Entities.Get(where, document.Id);
            Show(reloaded);
            ShowValidation(result.Validation);
            savedMessage = ErrorCount == 0 ? "Saved. This entity has no validation errors." : $"Saved, with {ErrorCount} validation {(ErrorCount == 1 ? "error" : "errors")} shown at the fields.";
            Snackbar.Add($"Saved {document.Id}.", Severity.Success);
        }
        catch (RevisionConflictException)
        {
            conflict = true;
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, $"Saving {document.Id}");
        }
        finally
        {
            saving = false;
        }
    }

    void Discard()
    {
        if (document is not null)
            Show(document);
        savedMessage = null;
    }

    async Task ReloadTheirs()
    {
        if (where is null)
            return;
        try
        {
            Show(await Entities.Get(where, EntityId));
            ShowValidation(await Engine.Validate(where));
            notice = (Severity.Info, "Showing the latest saved version.");
        }
        catch (NotFoundException)
        {
            notFound = $"No entity has the id {EntityId}";
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, "Reloading the entity");
        }
    }

    /// <summary>Keeps the page current: someone else's save of this file shows up (or is announced over unsaved edits), and so does new validation.</summary>
    async Task Apply(IReadOnlyList<ChangeEvent> batch)
    {
        if (where is null || document is null || disposed)
            return;
        var here = batch.Where(e => e.Branch is null || e.Branch == where.Branch).ToList();
        if (here.Count == 0)
            return;
        try
        {
            var touching = here.Any(e => e.Kind is ChangeKinds.FileWritten or ChangeKinds.FileDeleted && e.Paths.Contains(document.Path));
            if (touching)
            {
                EntityDocument? current;
                try
                {
                    current = await Entities.Get(where, document.Id);
                }
                catch (NotFoundException)
                {
                    current = null;
                }
                if (current is null)
                    notice = (Severity.Warning, "This entity was deleted (or its id changed) by someone else.");
                else if (current.ETag != document.ETag)
                {
                    if (IsDirty)
                        notice = (Severity.Warning, "Someone else saved this entity while you were editing it. Saving will tell you to reload first.");
                    else
                    {
                        Show(current);
                        notice = (Severity.Info, "Someone else saved this entity. You are looking at the new version.");
                    }
                }
            }
            if (touching || here.Any(e => e.Kind is ChangeKinds.ValidationChanged or ChangeKinds.FileWritten or ChangeKinds.FileDeleted))
            {
                entities = await Entities.List(where);
                ShowValidation(await Engine.Validate(where));
            }
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Refreshing entity {Entity} after a change failed", EntityId);
        }
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        await Feed.Stop();
    }
}
