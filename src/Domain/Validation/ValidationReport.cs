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
    ConstitutionSummary? Constitution);

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

public sealed record CrossReferenceError(string Entity, string Field, string Reference, string Error);

public sealed record DuplicateId(string Id, string Type, IReadOnlyList<string> Files);

public sealed record ConstitutionError(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SchemaViolation>? Errors = null);

public sealed record ComplianceError(string RuleId, string Entity, string EntityType, string Path, string Severity, string Message);

public sealed record ValidationWarning(
    string Kind, string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Entity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference = null);

public sealed record ValidationStats(int TotalEntities, IReadOnlyDictionary<string, int> ByType);

public sealed record ConstitutionSummary(string Id, string Version, string? Checksum, int EvaluatedRules, int WaivedFailures);
