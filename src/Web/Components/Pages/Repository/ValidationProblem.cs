using ContextKit.Domain.Validation;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>One validation error as a person reads it: where (file and line, when known) and what.</summary>
public sealed record ValidationProblem(string? File, int? Line, string Message)
{
    /// <summary>Every error of a report, flattened; the report's summary lines stand in for kinds not listed here.</summary>
    public static IEnumerable<ValidationProblem> From(ValidationReport report)
    {
        var problems = new List<ValidationProblem>();
        foreach (var error in report.SchemaErrors)
        {
            if (error.Error is not null)
                problems.Add(new(error.File, error.Line, error.Error));
            foreach (var violation in error.Errors ?? [])
                problems.Add(new(error.File, violation.Line, Describe(error.Entity, violation)));
        }
        foreach (var error in report.ConstitutionErrors)
        {
            if (error.Error is not null)
                problems.Add(new(error.File, null, error.Error));
            foreach (var violation in error.Errors ?? [])
                problems.Add(new(error.File, violation.Line, Describe(null, violation)));
        }
        foreach (var error in report.CrossReferenceErrors)
            problems.Add(new(error.File, error.Line, $"{error.Entity}: {error.Field} refers to '{error.Reference}': {error.Error}"));
        foreach (var duplicate in report.DuplicateIds)
            problems.Add(new(string.Join(", ", duplicate.Files), null, $"The {duplicate.Type} id {duplicate.Id} is used more than once."));
        foreach (var error in report.ComplianceErrors)
            problems.Add(new(error.File, error.Line, $"{error.Entity} breaks rule {error.RuleId} ({error.Severity}): {error.Message}"));
        if (problems.Count == 0)
            problems.AddRange(report.Errors.Select(e => new ValidationProblem(null, null, e)));
        return problems;
    }

    static string Describe(string? entity, SchemaViolation violation)
    {
        var where = string.IsNullOrEmpty(violation.InstancePath) ? "" : $" at {violation.InstancePath}";
        return entity is null ? $"{violation.Message}{where}" : $"{entity}{where}: {violation.Message}";
    }
}
