using System.Text.Json.Serialization;

namespace ContextKit.Domain.Validation;

/// <summary>
/// The validation report of a branch (context-repo-format §5.3). Keys are always all present and
/// in this order; every path is repository-relative.
/// </summary>
public sealed record ValidationReport(
    bool Ok,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    IReadOnlyList<SchemaError> SchemaErrors,
    IReadOnlyList<CrossReferenceError> CrossReferenceErrors,
    IReadOnlyList<DuplicateId> DuplicateIds,
    IReadOnlyList<ConstitutionError> ConstitutionErrors,
    IReadOnlyList<ComplianceError> ComplianceErrors,
    IReadOnlyList<ValidationWarning> Warnings,
    IReadOnlyList<string> Errors,
    int TotalErrors,
    ValidationStats Stats,
    ConstitutionSummary? Constitution)
{
    /// <summary>The report of a repository with nothing in it.</summary>
    public static ValidationReport Empty { get; } = Create([], [], [], [], [], [], new ValidationStats(0, new Dictionary<string, int>()), null);

    /// <summary>
    /// A report from its five error lists: <c>ok</c>, <c>message</c>, the human <c>errors</c> lines (grouped schema,
    /// duplicate, reference, constitution, compliance) and <c>totalErrors</c> follow from them.
    /// </summary>
    public static ValidationReport Create(
        IReadOnlyList<SchemaError> schemaErrors,
        IReadOnlyList<DuplicateId> duplicateIds,
        IReadOnlyList<CrossReferenceError> crossReferenceErrors,
        IReadOnlyList<ConstitutionError> constitutionErrors,
        IReadOnlyList<ComplianceError> complianceErrors,
        IReadOnlyList<ValidationWarning> warnings,
        ValidationStats stats,
        ConstitutionSummary? constitution)
    {
        var errors = new List<string>(schemaErrors.Count + duplicateIds.Count + crossReferenceErrors.Count + constitutionErrors.Count + complianceErrors.Count);
        foreach (var e in schemaErrors)
            errors.Add(e.Errors is { } list ? $"[Schema] {e.File} ({e.Entity}): {Join(list)}" : $"[Schema] {e.File}: {e.Error}");
        foreach (var d in duplicateIds)
            errors.Add($"[Duplicate] {d.Id}: defined in {string.Join(", ", d.Files)}");
        foreach (var r in crossReferenceErrors)
            errors.Add($"[Reference] {r.Entity} -> {r.Reference} ({r.Field}): {r.Error}");
        foreach (var c in constitutionErrors)
            errors.Add($"[Constitution] {c.File}: {(c.Errors is { } list ? Join(list) : c.Error)}");
        foreach (var c in complianceErrors)
            errors.Add($"[Compliance] Rule {c.RuleId} on {c.Entity} ({c.EntityType}) @ {c.Path}: {c.Message}");
        var ok = errors.Count == 0;
        return new ValidationReport(ok, ok ? "All validations passed" : null, schemaErrors, crossReferenceErrors, duplicateIds,
            constitutionErrors, complianceErrors, warnings, errors, errors.Count, stats, constitution);
    }

    static string Join(IReadOnlyList<SchemaViolation> violations) => string.Join("; ", violations.Select(v => v.Message));
}

/// <summary>A file that did not parse (<c>Error</c>, <c>Line</c>, <c>Column</c>) or an entity that failed its schema (<c>Entity</c>, <c>Errors</c>).</summary>
public sealed record SchemaError(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Entity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SchemaViolation>? Errors = null);

public sealed record SchemaViolation(
    string InstancePath, string SchemaPath, string Keyword,
    IReadOnlyDictionary<string, object?> Params, string Message, int? Line, int? Column);

/// <summary>A typed reference that names nothing or the wrong type; <c>file</c>, <c>line</c> and <c>column</c> (additive) say where it is written.</summary>
public sealed record CrossReferenceError(
    string Entity, string Field, string Reference, string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column = null);

public sealed record DuplicateId(string Id, string Type, IReadOnlyList<string> Files);

public sealed record ConstitutionError(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SchemaViolation>? Errors = null);

/// <summary>A failed compliance condition; <c>file</c>, <c>line</c> and <c>column</c> (additive) point at the checked value, or its nearest parent.</summary>
public sealed record ComplianceError(
    string RuleId, string Entity, string EntityType, string Path, string Severity, string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column = null);

public sealed record ValidationWarning(
    string Kind, string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Entity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column = null);

public sealed record ValidationStats(int TotalEntities, IReadOnlyDictionary<string, int> ByType);

public sealed record ConstitutionSummary(string Id, string Version, string? Checksum, int EvaluatedRules, int WaivedFailures);
