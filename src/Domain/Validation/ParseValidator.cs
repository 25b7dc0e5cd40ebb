using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Validation;

/// <summary>
/// The first stage of validation: every entity and governance file must parse as one YAML mapping.
/// It fills the §5.3 report shape so that callers already read the final format; schema, reference
/// and compliance checks build on top of it.
/// </summary>
public static class ParseValidator
{
    public static ValidationReport Validate(IRepositorySnapshot snapshot)
    {
        var schemaErrors = new List<SchemaError>();
        var constitutionErrors = new List<ConstitutionError>();
        var ids = new Dictionary<string, HashSet<string>>();

        foreach (var (type, folder) in EntityFolders.All)
        {
            foreach (var file in snapshot.ListFiles(folder).Where(EntityFolders.IsYaml))
            {
                var result = YamlDocumentParser.Parse(snapshot.ReadText(file) ?? "");
                if (!result.Ok)
                {
                    schemaErrors.Add(new SchemaError(file.Value, $"Failed to parse YAML: {result.Error}", result.Line, result.Column));
                    continue;
                }
                if (result.Root!.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("id"), out var id)
                    && id is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { Length: > 0 } idText })
                {
                    if (!ids.TryGetValue(type, out var set))
                        ids[type] = set = [];
                    set.Add(idText);
                }
            }
        }
        foreach (var file in snapshot.ListFiles(EntityFolders.Governance).Where(EntityFolders.IsYaml))
        {
            var result = YamlDocumentParser.Parse(snapshot.ReadText(file) ?? "");
            if (!result.Ok)
                constitutionErrors.Add(new ConstitutionError(file.Value, $"Failed to parse YAML: {result.Error}"));
        }

        var errors = schemaErrors.Select(e => $"[Schema] {e.File}: {e.Error}")
            .Concat(constitutionErrors.Select(e => $"[Constitution] {e.File}: {e.Error}"))
            .ToList();
        var byType = EntityFolders.All.Where(f => ids.ContainsKey(f.Type)).ToDictionary(f => f.Type, f => ids[f.Type].Count);
        return new ValidationReport(
            Ok: errors.Count == 0,
            Message: errors.Count == 0 ? "All validations passed" : null,
            SchemaErrors: schemaErrors,
            CrossReferenceErrors: [],
            DuplicateIds: [],
            ConstitutionErrors: constitutionErrors,
            ComplianceErrors: [],
            Warnings: [],
            Errors: errors,
            TotalErrors: errors.Count,
            Stats: new ValidationStats(byType.Values.Sum(), byType),
            Constitution: null);
    }
}
