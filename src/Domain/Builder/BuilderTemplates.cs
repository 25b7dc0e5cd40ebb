using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Builder;

/// <summary>A builder template file that was skipped, and why.</summary>
public sealed record BuilderWarning(string File, string Message);

/// <summary>The builder templates of a branch, in path order, and the files that were skipped.</summary>
/// <param name="BuiltIn">True when the repository has no builder folder and the shipped templates are used.</param>
public sealed record BuilderTemplateSet(IReadOnlyList<BuilderTemplate> Templates, IReadOnlyList<BuilderWarning> Warnings, bool BuiltIn)
{
    public BuilderTemplate? Find(string id) => Templates.FirstOrDefault(t => t.Id == id);
}

/// <summary>
/// Loads the builder templates (context-repo-format §12): the <c>*.yaml</c> files directly in
/// <c>.context/templates/builder/</c> that carry a <c>_template</c> block with a name and an entity type.
/// A repository without that folder gets the shipped templates. Files that do not parse or lack the block
/// are skipped with a warning, so one broken template never hides the others.
/// </summary>
public static class BuilderTemplates
{
    public static readonly RepoPath Folder = RepoPath.Parse(".context/templates/builder");

    static readonly Lazy<BuilderTemplateSet> Shipped = new(() =>
    {
        var files = RepositoryTemplates.Files(RepositoryTemplate.Empty)
            .Where(f => f.Path.StartsWith(Folder.Value + "/", StringComparison.Ordinal))
            .Select(f => (RepoPath.Parse(f.Path), Encoding.UTF8.GetString(f.Content)));
        return Read(files, builtIn: true);
    });

    public static BuilderTemplateSet Load(IRepositorySnapshot snapshot)
    {
        var present = snapshot.ListFiles(Folder);
        if (present.Count == 0)
        {
            // Prototypes are mutable JSON; every caller gets its own copy of the shared, parsed-once set.
            var shipped = Shipped.Value;
            return shipped with { Templates = shipped.Templates.Select(t => t with { Prototype = t.Prototype.DeepClone().AsObject() }).ToList() };
        }
        return Read(present.Select(p => (p, snapshot.ReadText(p) ?? "")), builtIn: false);
    }

    static BuilderTemplateSet Read(IEnumerable<(RepoPath Path, string Text)> files, bool builtIn)
    {
        var templates = new List<BuilderTemplate>();
        var warnings = new List<BuilderWarning>();
        foreach (var (path, text) in files.OrderBy(f => f.Path.Value, StringComparer.Ordinal))
        {
            if (path.Value != Folder.Value + "/" + path.Name || !path.Name.EndsWith(".yaml", StringComparison.Ordinal))
                continue;
            var parsed = YamlDocumentParser.Parse(text.TrimStart('\uFEFF'));
            if (!parsed.Ok)
            {
                warnings.Add(new BuilderWarning(path.Value, $"Failed to parse YAML: {parsed.Error}"));
                continue;
            }
            var data = YamlToJson.Convert(parsed.Root!).Data;
            if (Problem(data) is { } problem)
                warnings.Add(new BuilderWarning(path.Value, problem));
            else
                templates.Add(Describe(path, data));
        }
        return new BuilderTemplateSet(templates, warnings, builtIn);
    }

    static BuilderTemplate Describe(RepoPath path, JsonObject data)
    {
        var about = (JsonObject)data["_template"]!;
        var prototype = data.DeepClone().AsObject();
        prototype.Remove("_template");
        return new BuilderTemplate(
            path.Name[..^".yaml".Length],
            path,
            Text(about, "name")!,
            Text(about, "description") ?? "",
            EntityType.Named(Text(about, "entityType"))!,
            Text(about, "icon"),
            prototype);
    }

    static string? Problem(JsonObject data)
    {
        if (data["_template"] is not JsonObject about)
            return "The file has no _template block, so it is not a builder template.";
        if (string.IsNullOrWhiteSpace(Text(about, "name")))
            return "_template.name is missing.";
        var type = EntityType.Named(Text(about, "entityType"));
        if (type is null || type == EntityType.Governance)
            return $"_template.entityType must be one of {string.Join(", ", EntityType.Entities.Select(t => t.Name))}.";
        return null;
    }

    static string? Text(JsonObject about, string field) =>
        about[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
