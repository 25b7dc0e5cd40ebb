using ContextKit.Domain.Graph;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using HandlebarsDotNet;

namespace ContextKit.Domain.Prompts;

/// <summary>
/// Renders entities into Markdown prompts for coding agents (context-repo-format §8): each requested entity
/// through its type's template to <c>generated/prompts/&lt;id&gt;.md</c>, then through <c>checklist.hbs</c> to
/// <c>generated/prompts/&lt;id&gt;.checklist.md</c>. Pure: it returns the files to write.
/// </summary>
public static class PromptGenerator
{
    public const string OutputFolder = "generated/prompts";

    public const string EntityNotFound = "Entity not found";

    /// <summary>Every entity type, governance included, can be rendered.</summary>
    public static IReadOnlySet<string> SupportedTypes { get; } =
        EntityType.All.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Generates prompts for <paramref name="ids"/> (at least one; repeated ids count once). The constitution
    /// is addressed by its own id. <paramref name="related"/> gives an entity's graph neighbours for
    /// <c>_related</c>; <paramref name="timestamp"/> is the generation time.
    /// </summary>
    public static PromptGeneration Generate(
        ContextIndex index,
        IRepositorySnapshot snapshot,
        IReadOnlyList<string> ids,
        Func<string, IReadOnlyList<RelatedEntity>> related,
        DateTimeOffset timestamp)
    {
        if (ids.Count == 0)
            throw new ArgumentException("At least one entity id is required.", nameof(ids));
        var requested = ids.Distinct(StringComparer.Ordinal).ToList();
        var at = PromptContext.Timestamp(timestamp);
        var generated = new List<GeneratedPrompt>();
        var errors = new List<PromptError>();
        var files = new List<GeneratedFile>();
        foreach (var id in requested)
        {
            var outcome = GenerateOne(index, snapshot, id, related, at);
            if (outcome.Error is { } error)
            {
                errors.Add(new PromptError(id, error));
                continue;
            }
            generated.Add(outcome.Prompt!);
            files.Add(new GeneratedFile(outcome.Prompt!.OutputFile, outcome.Prompt.Content));
            files.Add(new GeneratedFile(outcome.Prompt.ChecklistFile, outcome.Checklist!));
        }
        var report = new PromptReport(
            errors.Count == 0, generated, errors, new PromptStats(requested.Count, generated.Count, errors.Count));
        return new PromptGeneration(report, files);
    }

    /// <summary>The entity or constitution with this id, or null.</summary>
    public static EntityRecord? Find(ContextIndex index, string id) =>
        index.Find(id) ?? (index.Constitution?.Record is { } constitution && constitution.Id == id ? constitution : null);

    static Outcome GenerateOne(
        ContextIndex index, IRepositorySnapshot snapshot, string id, Func<string, IReadOnlyList<RelatedEntity>> related, string at)
    {
        var entity = Find(index, id);
        if (entity is null)
            return Outcome.Failed(EntityNotFound);
        if (!SupportedTypes.Contains(entity.Type.Name))
            return Outcome.Failed($"Prompt generation not supported for entity type: {entity.Type.Name}");
        if (!IsFileName(id))
            return Outcome.Failed("Failed to generate prompt: the id cannot be used as a file name");
        var outputFile = $"{OutputFolder}/{id}.md";
        var checklistFile = $"{OutputFolder}/{id}.checklist.md";
        try
        {
            var prompt = Render(snapshot, entity.Type.Name, PromptContext.ForPrompt(entity, related(id), at));
            var checklist = Render(snapshot, PromptTemplates.Checklist, PromptContext.ForChecklist(entity, at, outputFile));
            return new Outcome(new GeneratedPrompt(id, entity.Type.Name, outputFile, checklistFile, prompt), checklist, null);
        }
        // A repository's template may trip anything inside Handlebars, not only its own exception types;
        // the entity fails with the message and the others are still generated.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Outcome.Failed($"Failed to generate prompt: {e.Message}");
        }
    }

    static string Render(IRepositorySnapshot snapshot, string templateName, object context)
    {
        var text = PromptTemplates.Find(snapshot, templateName)
            ?? throw new HandlebarsRuntimeException($"No template {PromptTemplates.PathOf(templateName)}");
        return PromptTemplates.Compile(text)(context);
    }

    // Ids become file names; an id that is not one plain path segment could write outside generated/prompts.
    static bool IsFileName(string id) =>
        !id.Contains('/') && RepoPath.TryParse($"{OutputFolder}/{id}.checklist.md", false, out _, out _);

    sealed record Outcome(GeneratedPrompt? Prompt, string? Checklist, string? Error)
    {
        public static Outcome Failed(string error) => new(null, null, error);
    }
}
