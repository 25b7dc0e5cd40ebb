using ContextKit.Domain.Compliance;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Relations;
using ContextKit.Domain.Snapshots;

namespace ContextKit.Domain.Validation;

/// <summary>
/// Validates a branch exactly as context-repo-format §5 describes, and keeps what it learnt so the next run after
/// an edit is cheap. Per-file results (parse and schema) are kept against the parsed file they came from and
/// the schema they were checked with; per-entity references and compliance outcomes against the entity record.
/// <see cref="ContextIndex.WithFile"/> keeps every unchanged file's objects, so after one write only that file
/// is checked against its schema again, while the cross-file passes (duplicates, references, cycles, compliance
/// aggregation) are linear walks over cached results. Not thread-safe: one instance serves one workspace, which
/// serialises its calls.
/// </summary>
public sealed class RepositoryValidator(TimeProvider? clock = null)
{
    // Below this many files to check, fanning out costs more than it saves.
    const int ParallelThreshold = 64;

    readonly TimeProvider clock = clock ?? TimeProvider.System;
    readonly ComplianceCheck compliance = new();
    SchemaCatalog schemas = SchemaCatalog.BuiltIn;
    IReadOnlyList<ValidationWarning> settingsWarnings = [];
    IReadOnlyList<ValidationWarning> cycleWarnings = [];
    Dictionary<string, IReadOnlyList<string>> serviceDependencies = [];
    // Each file's outcome by path, and the same outcomes by parsed file, which is the cheap test for "unchanged".
    Dictionary<RepoPath, FileOutcome> files = [];
    Dictionary<ParsedFile, FileOutcome> byFile = new(ReferenceEqualityComparer.Instance);
    Dictionary<EntityRecord, EntityReferences> references = new(ReferenceEqualityComparer.Instance);
    // Who names an id, so that a change to that id re-checks exactly those entities. A record stays here until
    // it is replaced, removed or re-checked; one that merely stopped being canonical (a duplicate) lingers harmlessly.
    Dictionary<string, HashSet<EntityRecord>> referrers = new(StringComparer.Ordinal);
    ContextIndex index = ContextIndex.Empty;
    bool validated;

    /// <summary>The report of the latest run.</summary>
    public ValidationReport Report { get; private set; } = ValidationReport.Empty;

    /// <summary>Validates the whole branch: schemas and settings are read again from <paramref name="snapshot"/>.</summary>
    public ValidationReport Validate(ContextIndex index, IRepositorySnapshot snapshot)
    {
        schemas = SchemaCatalog.Load(snapshot);
        settingsWarnings = ProjectSettingsCheck.Run(snapshot);
        files = [];
        byFile = new(ReferenceEqualityComparer.Instance);
        references = new(ReferenceEqualityComparer.Instance);
        referrers = new(StringComparer.Ordinal);
        serviceDependencies = [];
        cycleWarnings = [];
        validated = true;
        return Run(index);
    }

    /// <summary>
    /// The report after <paramref name="changed"/> was written or deleted; <paramref name="index"/> is the index
    /// after the change (<see cref="ContextIndex.WithFile"/>). Only what the change can affect is checked again;
    /// a changed schema re-checks the files of its type, a changed constitution re-runs compliance. Before the
    /// first <see cref="Validate"/> this is a full validation.
    /// </summary>
    public ValidationReport Update(ContextIndex index, IRepositorySnapshot snapshot, RepoPath changed)
    {
        if (!validated)
            return Validate(index, snapshot);
        if (SchemaCatalog.Covers(changed))
            schemas = SchemaCatalog.Load(snapshot);
        if (ProjectSettingsCheck.Covers(changed))
            settingsWarnings = ProjectSettingsCheck.Run(snapshot);
        return Run(index);
    }

    /// <summary>
    /// The latest report narrowed to one file: its parse or schema errors, its entity's duplicate, reference and
    /// compliance errors and warnings (or a schema file's load error, or the constitution's errors). Same shape as
    /// the full report, <c>ok</c> and the counts covering only that file; stats and constitution stay whole.
    /// </summary>
    public ValidationReport ForFile(RepoPath path)
    {
        var record = files.GetValueOrDefault(path)?.File.Record;
        var id = record is not null && ReferenceEquals(index.Find(record.Id), record) ? record.Id : null;
        var isConstitution = index.Constitution?.Path == path;
        var report = Report;
        return ValidationReport.Create(
            report.SchemaErrors.Where(e => e.File == path.Value).ToList(),
            report.DuplicateIds.Where(d => d.Files.Contains(path.Value)).ToList(),
            report.CrossReferenceErrors.Where(e => e.Entity == id).ToList(),
            isConstitution ? report.ConstitutionErrors : [],
            report.ComplianceErrors.Where(e => e.Entity == id).ToList(),
            report.Warnings.Where(w => w.File == path.Value || (id is not null && w.Entity == id)).ToList(),
            report.Stats,
            report.Constitution);
    }

    /// <summary>One-shot validation of a snapshot, for callers that keep no state between runs.</summary>
    public static ValidationReport ValidateSnapshot(IRepositorySnapshot snapshot, TimeProvider? clock = null) =>
        new RepositoryValidator(clock).Validate(ContextIndex.Load(snapshot), snapshot);

    ValidationReport Run(ContextIndex current)
    {
        index = current;
        var scan = CheckFiles(current);
        var valid = scan.Valid;
        var (crossReferences, referenceWarnings, dependencies) = CheckReferences(current, scan.ChangedIds, scan.Replaced);

        var warnings = new List<ValidationWarning>(referenceWarnings);
        if (dependencies is not null)
            cycleWarnings = DependencyCycles.Find(dependencies)
                .Select(cycle => new ValidationWarning("cycle", $"Dependency cycle: {string.Join(" -> ", cycle)}", Entity: cycle[0]))
                .ToList();
        warnings.AddRange(cycleWarnings);

        var constitutionErrors = new List<ConstitutionError>();
        var complianceErrors = new List<ComplianceError>();
        ConstitutionSummary? summary = null;
        if (current.Constitution is { } constitution)
        {
            var outcome = files[constitution.Path];
            if (outcome.Error is { } error)
                constitutionErrors.Add(new ConstitutionError(error.File, error.Error, error.Errors));
            else if (outcome.Rules is { } rules)
            {
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var result = compliance.Run(rules, valid, today, constitution.Path);
                complianceErrors.AddRange(result.Errors);
                warnings.AddRange(result.Warnings);
                summary = new ConstitutionSummary(rules.Id, rules.Version, rules.Checksum, result.EvaluatedRules, result.WaivedFailures);
            }
        }
        warnings.AddRange(settingsWarnings);

        var duplicates = current.Duplicates.Select(d => new DuplicateId(d.Id, d.Type.Name, d.Files.Select(f => f.Value).ToList())).ToList();
        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entity in valid)
            byType[entity.Type.Name] = byType.GetValueOrDefault(entity.Type.Name) + 1;

        Report = ValidationReport.Create([.. schemas.LoadErrors, .. scan.SchemaErrors], duplicates, crossReferences, constitutionErrors,
            complianceErrors, warnings, new ValidationStats(valid.Count, byType), summary);
        return Report;
    }

    /// <summary>What checking the files found, in type then path order, and what changed since the last run.</summary>
    /// <param name="SchemaErrors">Parse and schema errors of the entity files.</param>
    /// <param name="Valid">The canonical entities that passed their schema.</param>
    /// <param name="ChangedIds">Ids of the files that changed, before and after.</param>
    /// <param name="Replaced">Records that were replaced or removed.</param>
    sealed record FileScan(List<SchemaError> SchemaErrors, List<EntityRecord> Valid, HashSet<string> ChangedIds, List<EntityRecord> Replaced);

    /// <summary>
    /// Parse and schema results of every entity file and the constitution, reusing those whose file and schema are
    /// unchanged; only new or edited files are checked (in parallel when there are many, as on a full run).
    /// </summary>
    FileScan CheckFiles(ContextIndex current)
    {
        var entityFiles = current.EntityFiles;
        var count = entityFiles.Count + (current.Constitution is null ? 0 : 1);
        var ordered = new FileOutcome?[count];
        var stale = new List<(int Slot, ParsedFile File, CompiledSchema Schema)>();
        for (var i = 0; i < count; i++)
        {
            var file = i < entityFiles.Count ? entityFiles[i] : current.Constitution!;
            var schema = schemas.For(file.Type);
            if (byFile.TryGetValue(file, out var known) && ReferenceEquals(known.Schema, schema))
                ordered[i] = known;
            else
                stale.Add((i, file, schema));
        }
        if (stale.Count >= ParallelThreshold)
            Parallel.For(0, stale.Count, i => ordered[stale[i].Slot] = FileOutcome.Check(stale[i].File, stale[i].Schema));
        else
            foreach (var (slot, file, schema) in stale)
                ordered[slot] = FileOutcome.Check(file, schema);

        var changedIds = new HashSet<string>(StringComparer.Ordinal);
        var replaced = new List<EntityRecord>();
        foreach (var (slot, _, _) in stale)
        {
            var outcome = ordered[slot]!;
            if (files.TryGetValue(outcome.File.Path, out var before))
            {
                byFile.Remove(before.File);
                if (before.File.Record is { } old && !ReferenceEquals(old, outcome.File.Record))
                {
                    changedIds.Add(old.Id);
                    replaced.Add(old);
                }
            }
            if (outcome.File.Id is { } id)
                changedIds.Add(id);
            files[outcome.File.Path] = outcome;
            byFile[outcome.File] = outcome;
        }
        if (files.Count > count)
        {
            // Some files are gone: drop them, and let what named their ids be checked again.
            var present = ordered.Select(o => o!.File.Path).ToHashSet();
            foreach (var gone in files.Keys.Where(p => !present.Contains(p)).ToList())
            {
                var outcome = files[gone];
                if (outcome.File.Record is { } record)
                {
                    changedIds.Add(record.Id);
                    replaced.Add(record);
                }
                files.Remove(gone);
                byFile.Remove(outcome.File);
            }
        }

        // Canonical records come in the same type-then-path order as the files, so one pass pairs them up.
        var canonical = current.Entities;
        var next = 0;
        var schemaErrors = new List<SchemaError>();
        var valid = new List<EntityRecord>(canonical.Count);
        for (var i = 0; i < entityFiles.Count; i++)
        {
            var outcome = ordered[i]!;
            var isCanonical = next < canonical.Count && outcome.File.Record is { } record && ReferenceEquals(canonical[next], record);
            if (isCanonical)
                next++;
            if (outcome.Error is { } error)
                schemaErrors.Add(error);
            else if (isCanonical)
                valid.Add(canonical[next - 1]);
        }
        return new FileScan(schemaErrors, valid, changedIds, replaced);
    }

    /// <summary>
    /// Every relation value of every canonical entity, resolved against all indexed entities (schema-invalid ones
    /// included, so a broken target yields only its own schema error): typed fields give errors, free ones warnings.
    /// Also gathers the depends-on edges between existing services for the cycle check, or null when they are
    /// the same as last run's. An entity is checked again only when it is new or changed, or when an
    /// id it names changed (<paramref name="changedIds"/>).
    /// </summary>
    (List<CrossReferenceError>, List<ValidationWarning>, Dictionary<string, IReadOnlyList<string>>?) CheckReferences(
        ContextIndex current, HashSet<string> changedIds, List<EntityRecord> replaced)
    {
        foreach (var old in replaced)
            Forget(old);
        foreach (var id in changedIds)
            if (referrers.TryGetValue(id, out var naming))
                foreach (var entity in naming.ToList())
                    Forget(entity);

        var errors = new List<CrossReferenceError>();
        var warnings = new List<ValidationWarning>();
        var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entity in current.Entities)
        {
            if (!references.TryGetValue(entity, out var outcome))
                references[entity] = outcome = EntityReferences.Check(current, entity, referrers);
            errors.AddRange(outcome.Errors);
            warnings.AddRange(outcome.Warnings);
            if (outcome.DependsOn is { } dependsOn)
                dependencies[entity.Id] = dependsOn;
        }
        // The same services with the very same dependency lists cannot have other cycles.
        var unchanged = dependencies.Count == serviceDependencies.Count
                        && dependencies.All(d => serviceDependencies.TryGetValue(d.Key, out var before) && ReferenceEquals(before, d.Value));
        serviceDependencies = dependencies;
        return (errors, warnings, unchanged ? null : dependencies);
    }

    /// <summary>Drops what is known about one record's references, so that it is checked again if it is still there.</summary>
    void Forget(EntityRecord entity)
    {
        if (!references.Remove(entity, out var outcome))
            return;
        foreach (var target in outcome.Targets)
            if (referrers.TryGetValue(target, out var naming))
            {
                naming.Remove(entity);
                if (naming.Count == 0)
                    referrers.Remove(target);
            }
    }

    /// <summary>What one entity's relation fields name and what is wrong with them.</summary>
    sealed record EntityReferences(
        IReadOnlyList<string> Targets, IReadOnlyList<CrossReferenceError> Errors, IReadOnlyList<ValidationWarning> Warnings, IReadOnlyList<string>? DependsOn)
    {
        public static EntityReferences Check(ContextIndex index, EntityRecord entity, Dictionary<string, HashSet<EntityRecord>> referrers)
        {
            var targets = new List<string>();
            List<CrossReferenceError>? errors = null;
            List<ValidationWarning>? warnings = null;
            List<string>? dependsOn = entity.Type == EntityType.Service ? [] : null;
            foreach (var reference in RelationTable.References(index, entity))
            {
                if (!referrers.TryGetValue(reference.Target, out var naming))
                    referrers[reference.Target] = naming = new HashSet<EntityRecord>(ReferenceEqualityComparer.Instance);
                if (naming.Add(entity))
                    targets.Add(reference.Target);
                if (reference.Problem is not { } problem)
                {
                    if (dependsOn is not null && reference.Field.Rel == "depends-on" && !dependsOn.Contains(reference.Target))
                        dependsOn.Add(reference.Target);
                }
                else if (reference.Field.Typed)
                    (errors ??= []).Add(new CrossReferenceError(entity.Id, reference.Field.Field, reference.Target, problem,
                        entity.Path.Value, reference.Position?.Line, reference.Position?.Column));
                else
                    (warnings ??= []).Add(new ValidationWarning("reference", problem, Entity: entity.Id, File: entity.Path.Value,
                        Field: reference.Field.Field, Reference: reference.Target, Line: reference.Position?.Line, Column: reference.Position?.Column));
            }
            return new EntityReferences(targets, errors ?? [], warnings ?? [], dependsOn);
        }
    }

    /// <summary>What one file gave: a parse or schema error (null when valid) and, for a valid constitution, its rules.</summary>
    sealed record FileOutcome(ParsedFile File, CompiledSchema Schema, SchemaError? Error, ComplianceRules? Rules)
    {
        public static FileOutcome Check(ParsedFile file, CompiledSchema schema)
        {
            if (file.Data is null)
            {
                var failure = file.Failure;
                return new FileOutcome(file, schema,
                    new SchemaError(file.Path.Value, $"Failed to parse YAML: {failure?.Error}", failure?.Line, failure?.Column), null);
            }
            var violations = schema.Evaluate(file.Data, file.Positions);
            if (violations.Count > 0)
                return new FileOutcome(file, schema, new SchemaError(file.Path.Value, Entity: file.Id ?? "unknown", Errors: violations), null);
            return new FileOutcome(file, schema, null, file.Type == EntityType.Governance ? ComplianceRules.From(file.Data) : null);
        }
    }
}
