using ContextKit.Domain.Validation;

namespace ContextKit.Web.Components.Pages.Repository.Validation;

/// <summary>
/// One finding of a branch's validation as the Validation panel and the entity form show it: what kind, whether it
/// is an error or a warning, which entity and file (and line, when known), which field, and the message.
/// <see cref="Field"/> is a dotted path without list indexes (<c>related.feature</c>), the shape of the form's fields;
/// <see cref="Reference"/> is the id a reference finding is about.
/// </summary>
public sealed record ValidationEntry(string Kind, bool IsError, string? Entity, string? File, int? Line, string? Field, string Message, string? Reference = null)
{
    /// <summary>
    /// Every error and warning of <paramref name="report"/>, errors first, each in report order.
    /// <paramref name="fileOf"/> gives an entity's file (for findings that name only the entity).
    /// </summary>
    public static IReadOnlyList<ValidationEntry> From(ValidationReport report, IReadOnlyDictionary<string, string> fileOf)
    {
        var entityOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, file) in fileOf)
            entityOf.TryAdd(file, id);
        string? FileOf(string? entity) => entity is not null && fileOf.TryGetValue(entity, out var file) ? file : null;
        string? EntityIn(string file, string? named) => named is not null && named != "unknown" ? named : entityOf.GetValueOrDefault(file);

        var entries = new List<ValidationEntry>();
        foreach (var error in report.SchemaErrors)
        {
            var entity = EntityIn(error.File, error.Entity);
            if (error.Error is not null)
                entries.Add(new(ValidationKinds.Parse, true, entity, error.File, error.Line, null, error.Error));
            foreach (var violation in error.Errors ?? [])
                entries.Add(new(ValidationKinds.Schema, true, entity, error.File, violation.Line, FieldOf(violation), Describe(violation)));
        }
        foreach (var duplicate in report.DuplicateIds)
            foreach (var file in duplicate.Files.Skip(1))
                entries.Add(new(ValidationKinds.Duplicate, true, duplicate.Id, file, null, "id",
                    $"The id {duplicate.Id} is already used by {duplicate.Files[0]}; this file is ignored until it has its own id."));
        foreach (var error in report.CrossReferenceErrors)
            entries.Add(new(ValidationKinds.Reference, true, error.Entity, error.File ?? FileOf(error.Entity), error.Line, error.Field, $"{error.Field} → {error.Reference}: {error.Error}", error.Reference));
        foreach (var error in report.ConstitutionErrors)
        {
            if (error.Error is not null)
                entries.Add(new(ValidationKinds.Constitution, true, null, error.File, null, null, error.Error));
            foreach (var violation in error.Errors ?? [])
                entries.Add(new(ValidationKinds.Constitution, true, null, error.File, violation.Line, FieldOf(violation), Describe(violation)));
        }
        foreach (var error in report.ComplianceErrors)
            entries.Add(new(ValidationKinds.Compliance, true, error.Entity, error.File ?? FileOf(error.Entity), error.Line, error.Path, $"Rule {error.RuleId} ({error.Severity}): {error.Message}"));
        if (entries.Count == 0)
            entries.AddRange(report.Errors.Select(e => new ValidationEntry(ValidationKinds.Other, true, null, null, null, null, e)));
        foreach (var warning in report.Warnings)
            entries.Add(new(warning.Kind, false, warning.Entity, warning.File ?? FileOf(warning.Entity), warning.Line, warning.Field,
                warning.Reference is null ? warning.Message : $"{warning.Field} → {warning.Reference}: {warning.Message}", warning.Reference));
        return entries;
    }

    /// <summary>How many errors (not warnings) each entity has.</summary>
    public static IReadOnlyDictionary<string, int> ErrorCounts(IEnumerable<ValidationEntry> entries) =>
        entries.Where(e => e.IsError && e.Entity is not null).GroupBy(e => e.Entity!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// The form field a schema violation is about: its JSON pointer without list indexes, plus the missing or
    /// extra property for <c>required</c> and <c>additionalProperties</c> (whose pointer names the mapping).
    /// </summary>
    public static string? FieldOf(SchemaViolation violation)
    {
        var segments = violation.InstancePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.All(char.IsAsciiDigit))
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToList();
        var named = violation.Keyword switch
        {
            "required" => Param(violation, "missingProperty"),
            "additionalProperties" => Param(violation, "additionalProperty"),
            _ => null,
        };
        if (named is not null)
            segments.Add(named);
        return segments.Count == 0 ? null : string.Join('.', segments);
    }

    static string? Param(SchemaViolation violation, string name) =>
        violation.Params.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;

    static string Describe(SchemaViolation violation) =>
        string.IsNullOrEmpty(violation.InstancePath) ? violation.Message : $"{violation.InstancePath}: {violation.Message}";
}

/// <summary>The kinds of <see cref="ValidationEntry"/> errors; warnings keep the report's own kinds (reference, cycle, exception…).</summary>
public static class ValidationKinds
{
    public const string Parse = "parse", Schema = "schema", Reference = "reference", Duplicate = "duplicate",
        Constitution = "constitution", Compliance = "compliance", Other = "other";
}

/// <summary>Finds the line of a field's value in an entity file, for findings the report gives without one.</summary>
public static class YamlLines
{
    /// <summary>
    /// The 1-based line where <paramref name="field"/> (dotted) names <paramref name="value"/>: the first line at or
    /// after the field's key that mentions the value, else the key's line, else any line mentioning the value.
    /// </summary>
    public static int? Find(string yaml, string? field, string? value)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var key = field?.Split('.')[^1];
        var start = -1;
        if (key is not null)
        {
            // Keys of nested fields sit deeper; walk the dotted path so "related.feature" skips a top-level "feature".
            var from = 0;
            foreach (var segment in field!.Split('.'))
            {
                var found = IndexOfKey(lines, segment, from);
                if (found < 0)
                {
                    start = -1;
                    break;
                }
                start = from = found;
            }
            if (start < 0)
                start = IndexOfKey(lines, key, 0);
        }
        if (value is not null)
        {
            for (var i = Math.Max(start, 0); i < lines.Length; i++)
                if (Mentions(lines[i], value))
                    return i + 1;
        }
        return start >= 0 ? start + 1 : null;
    }

    static int IndexOfKey(string[] lines, string key, int from)
    {
        for (var i = from; i < lines.Length; i++)
        {
            var text = lines[i].TrimStart().TrimStart('-', ' ').Trim('"', '\'');
            if (text.StartsWith(key + ":", StringComparison.Ordinal) || text.StartsWith(key + "\":", StringComparison.Ordinal)
                || text.StartsWith(key + "':", StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    static bool Mentions(string line, string value)
    {
        var at = line.IndexOf(value, StringComparison.Ordinal);
        while (at >= 0)
        {
            var before = at == 0 ? ' ' : line[at - 1];
            var end = at + value.Length;
            var after = end >= line.Length ? ' ' : line[end];
            if (!IsIdChar(before) && !IsIdChar(after))
                return true;
            at = line.IndexOf(value, at + 1, StringComparison.Ordinal);
        }
        return false;
    }

    static bool IsIdChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_';
}
