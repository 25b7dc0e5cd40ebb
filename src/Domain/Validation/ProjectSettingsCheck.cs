using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Validation;

/// <summary>
/// Checks the optional <c>.context-kit/&lt;name&gt;.yml</c> settings files (project, domains, stack, prompts)
/// against <c>.context-kit/schemas/&lt;name&gt;.schema.json</c> when that schema exists (context-repo-format §3).
/// Findings are <c>meta</c> warnings: a settings file never makes a repository invalid.
/// </summary>
public static class ProjectSettingsCheck
{
    public static readonly RepoPath Folder = RepoPath.Parse(".context-kit");
    static readonly RepoPath Schemas = RepoPath.Parse(".context-kit/schemas");

    /// <summary>True when a change to <paramref name="path"/> can change this check's findings.</summary>
    public static bool Covers(RepoPath path) => path.IsUnder(Folder) && !path.IsUnder(RepoPath.Parse(".context-kit/spec-log"));

    public static IReadOnlyList<ValidationWarning> Run(IRepositorySnapshot snapshot)
    {
        var warnings = new List<ValidationWarning>();
        var depth = Folder.Value.Count(c => c == '/') + 1;
        var settings = snapshot.ListFiles(Folder)
            .Where(p => p.Value.Count(c => c == '/') == depth
                        && (p.Value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || p.Value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)));
        foreach (var file in settings)
        {
            var name = file.Name[..file.Name.LastIndexOf('.')];
            var schemaPath = RepoPath.Parse($"{Schemas.Value}/{name}.schema.json");
            if (snapshot.ReadText(schemaPath) is not { } schemaText)
                continue;
            var (schema, error) = CompiledSchema.Compile(schemaText);
            if (schema is null)
            {
                warnings.Add(new ValidationWarning("meta", $"Schema could not be loaded: {error}", File: schemaPath.Value));
                continue;
            }
            var parsed = YamlDocumentParser.Parse(snapshot.ReadText(file) ?? "");
            if (!parsed.Ok)
            {
                warnings.Add(new ValidationWarning("meta", $"Failed to parse YAML: {parsed.Error}", File: file.Value));
                continue;
            }
            var (data, positions) = YamlToJson.Convert(parsed.Root!);
            foreach (var violation in schema.Evaluate(data, positions))
                warnings.Add(new ValidationWarning("meta",
                    violation.InstancePath.Length == 0 ? violation.Message : $"{violation.InstancePath} {violation.Message}", File: file.Value));
        }
        return warnings;
    }
}
