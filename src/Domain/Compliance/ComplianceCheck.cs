using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Validation;

namespace ContextKit.Domain.Compliance;

/// <summary>What running a constitution's rules over a repository found (context-repo-format §5.2).</summary>
public sealed record ComplianceResult(
    IReadOnlyList<ComplianceError> Errors, IReadOnlyList<ValidationWarning> Warnings, int EvaluatedRules, int WaivedFailures);

/// <summary>
/// Runs compliance rules over entities. Each entity's raw outcome (which rules target it, which conditions fail)
/// depends only on its own record and the rules, so it is kept per record and reused while both are unchanged:
/// after an edit only the edited entity is evaluated again. Exceptions and expiry are applied afresh on every
/// run, as they depend on the date. Not thread-safe; one instance serves one workspace.
/// </summary>
public sealed class ComplianceCheck
{
    Dictionary<EntityRecord, EntityOutcome> outcomes = new(ReferenceEqualityComparer.Instance);

    /// <param name="rules">The constitution's rules.</param>
    /// <param name="entities">The schema-valid canonical entities, in type then path order.</param>
    /// <param name="today">Today's UTC date, against which exceptions expire.</param>
    /// <param name="constitutionFile">Where the constitution lives, for warnings about it.</param>
    public ComplianceResult Run(ComplianceRules rules, IReadOnlyList<EntityRecord> entities, DateOnly today, RepoPath constitutionFile)
    {
        var warnings = new List<ValidationWarning>();
        var file = constitutionFile.Value;
        var ruleIds = rules.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var active = new Dictionary<string, List<RuleException>>(StringComparer.Ordinal);
        foreach (var exception in rules.Exceptions)
        {
            if (!ruleIds.Contains(exception.RuleId))
                warnings.Add(new("exception", $"Exception {exception.Id} refers to unknown rule {exception.RuleId}", File: file));
            if (!exception.HasScope)
                warnings.Add(new("exception", $"Exception {exception.Id} for rule {exception.RuleId} has an empty scope", File: file));
            if (exception.ExpiredOn(today))
            {
                warnings.Add(new("exception", $"Exception {exception.Id} for rule {exception.RuleId} expired on {exception.ExpiresOnText}", File: file));
                continue;
            }
            if (!active.TryGetValue(exception.RuleId, out var list))
                active[exception.RuleId] = list = [];
            list.Add(exception);
        }

        var current = new EntityOutcome[entities.Count];
        for (var i = 0; i < entities.Count; i++)
        {
            if (!outcomes.TryGetValue(entities[i], out var known) || known.Rules != rules)
                outcomes[entities[i]] = known = Evaluate(rules, entities[i]);
            current[i] = known;
        }
        // Outcomes of records that are gone are dropped once they could make up half of what is kept.
        if (outcomes.Count > 2 * entities.Count + 64)
        {
            outcomes = new Dictionary<EntityRecord, EntityOutcome>(entities.Count, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < entities.Count; i++)
                outcomes[entities[i]] = current[i];
        }

        var errors = new List<ComplianceError>();
        int evaluated = 0, waived = 0;
        for (var r = 0; r < rules.Rules.Count; r++)
        {
            var rule = rules.Rules[r];
            var exceptions = active.GetValueOrDefault(rule.Id);
            var matched = false;
            for (var e = 0; e < entities.Count; e++)
            {
                var entity = entities[e];
                var outcome = current[e];
                if (!outcome.Targeted[r])
                    continue;
                if (!matched)
                {
                    matched = true;
                    foreach (var condition in rule.Conditions.Where(c => c.Pattern is { IsValid: false }))
                        warnings.Add(new("regex", $"Invalid regular expression \"{condition.Pattern!.Source}\" in rule {rule.Id} ({condition.Path})", File: file));
                }
                foreach (var c in outcome.TimedOut[r])
                    warnings.Add(new("regex",
                        $"Regular expression \"{rule.Conditions[c].Pattern!.Source}\" of rule {rule.Id} timed out on {entity.Id}", Entity: entity.Id));
                foreach (var c in outcome.Failing[r])
                {
                    if (exceptions is not null && exceptions.Any(e => Covers(e, entity, outcome)))
                    {
                        waived++;
                        continue;
                    }
                    var condition = rule.Conditions[c];
                    var at = entity.Positions.Value(PointerOf(condition.Path.Text));
                    errors.Add(new ComplianceError(rule.Id, entity.Id, entity.Type.Name, condition.Path.Text, rule.Severity ?? "medium",
                        condition.Message ?? rule.Description ?? $"Entity {entity.Id} failed rule {rule.Id}",
                        entity.Path.Value, at?.Line, at?.Column));
                }
            }
            if (matched)
                evaluated++;
        }
        return new ComplianceResult(errors, warnings, evaluated, waived);
    }

    /// <summary>The JSON pointer of a condition path (<c>steps[0].name</c>, <c>acceptanceCriteria.length</c>), for its position.</summary>
    static string PointerOf(string path)
    {
        var pointer = new System.Text.StringBuilder();
        foreach (var segment in path.Split('.'))
        {
            if (segment == "length")
                break;
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            pointer.Append('/').Append(Entities.SourcePositions.Escape(name));
            if (bracket >= 0 && segment.EndsWith(']'))
                pointer.Append('/').Append(segment[(bracket + 1)..^1]);
        }
        return pointer.ToString();
    }

    static bool Covers(RuleException exception, EntityRecord entity, EntityOutcome outcome) =>
        exception.Entities.Contains(entity.Id) || outcome.Layers.Any(exception.Layers.Contains);

    static EntityOutcome Evaluate(ComplianceRules rules, EntityRecord entity)
    {
        var layers = rules.Layers.Where(l => l.Contains(entity.Path)).Select(l => l.Id).ToArray();
        var count = rules.Rules.Count;
        var targeted = new bool[count];
        var failing = new int[count][];
        var timedOut = new int[count][];
        for (var r = 0; r < count; r++)
        {
            var rule = rules.Rules[r];
            targeted[r] = rule.Targets.Contains(entity.Type.Name) || rule.Targets.Contains("global")
                          || (rule.Targets.Contains("layer") && layers.Length > 0);
            List<int>? fails = null, slow = null;
            if (targeted[r])
            {
                for (var c = 0; c < rule.Conditions.Count; c++)
                {
                    if (!rule.Conditions[c].Holds(entity.Data, out var timeout))
                        (fails ??= []).Add(c);
                    if (timeout)
                        (slow ??= []).Add(c);
                }
            }
            failing[r] = fails?.ToArray() ?? [];
            timedOut[r] = slow?.ToArray() ?? [];
        }
        return new EntityOutcome(rules, layers, targeted, failing, timedOut);
    }

    sealed record EntityOutcome(ComplianceRules Rules, string[] Layers, bool[] Targeted, int[][] Failing, int[][] TimedOut);
}
