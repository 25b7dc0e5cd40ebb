using ContextKit.Domain.Entities;

namespace ContextKit.Domain.Relations;

/// <summary>
/// The relation table of context-repo-format §4, in its order. Validation checks these fields, the
/// graph draws their edges and impact walks them; a relation added here reaches all three.
/// </summary>
public static class RelationTable
{
    static readonly EntityType Feature = EntityType.Feature, Story = EntityType.UserStory, Spec = EntityType.Spec,
        Task = EntityType.Task, Service = EntityType.Service, Package = EntityType.Package;

    public static IReadOnlyList<RelationField> Fields { get; } =
    [
        new(Feature, "userStories", Typed: true, [Story], "has-story"),
        new(Feature, "specs", Typed: true, [Spec], "has-spec"),
        new(Feature, "tasks", Typed: true, [Task], "has-task"),
        new(Feature, "requires", Typed: false, [Service, Package], "requires"),
        new(Feature, "produces", Typed: false, [Package], "produces"),
        new(Story, "feature", Typed: true, [Feature], "has-story", Reverse: true),
        new(Story, "impacts.services", Typed: false, [Service], "impacts"),
        new(Story, "impacts.packages", Typed: false, [Package], "impacts"),
        new(Spec, "related.features", Typed: true, [Feature], "has-spec", Reverse: true),
        new(Spec, "related.services", Typed: false, [Service], "relates-to"),
        new(Spec, "related.packages", Typed: false, [Package], "relates-to"),
        new(Task, "related.feature", Typed: true, [Feature], "has-task", Reverse: true),
        new(Task, "related.spec", Typed: true, [Spec], "implements", Reverse: true),
        new(Task, "related.service", Typed: false, [Service], "modifies"),
        new(Task, "related.package", Typed: false, [Package], "modifies"),
        new(Task, "related.userstory", Typed: false, [Story], "relates-to"),
        new(Service, "dependencies", Typed: false, [Service], "depends-on", TrimVersion: true),
        new(Service, "consumers", Typed: false, [Service, Package], "uses", Reverse: true),
        new(Package, "uses.services", Typed: false, [Service], "uses"),
        // package.dependencies names external libraries (vue@^3.5.0): no relation, no edge.
    ];

    /// <summary>The relation fields an entity of <paramref name="type"/> declares, in table order.</summary>
    public static IEnumerable<RelationField> Of(EntityType type) => Fields.Where(f => f.Declaring == type);

    /// <summary>Every reference made by the canonical entities of <paramref name="index"/>, in entity then table order.</summary>
    public static IEnumerable<Reference> References(ContextIndex index)
    {
        foreach (var entity in index.Entities)
            foreach (var reference in References(index, entity))
                yield return reference;
    }

    /// <summary>The references one entity makes, each resolved against all indexed entities.</summary>
    public static IEnumerable<Reference> References(ContextIndex index, EntityRecord entity)
    {
        foreach (var field in Of(entity.Type))
            foreach (var (target, pointer) in field.Values(entity.Data))
                yield return new Reference(entity, field, target, index.Find(target), pointer);
    }
}

/// <summary>One id named by one field of one entity, and what it names (null when nothing).</summary>
public sealed record Reference(EntityRecord From, RelationField Field, string Target, EntityRecord? Resolved, string Pointer = "")
{
    /// <summary>Where in the declaring file the reference is written.</summary>
    public Entities.SourcePosition? Position => From.Positions.Value(Pointer);

    /// <summary>The target exists and is of a type the field may name.</summary>
    public bool IsValid => Resolved is not null && Field.Expected.Contains(Resolved.Type);

    /// <summary>Null when valid, else the §5.1 message ("Referenced feature does not exist", "Referenced entity is a …").</summary>
    public string? Problem => Resolved is null
        ? $"Referenced {Field.ExpectedLabel} does not exist"
        : Field.Expected.Contains(Resolved.Type) ? null : $"Referenced entity is a {Resolved.Type.Label}, expected {Field.ExpectedLabel}";

    /// <summary>The graph edge this reference makes when valid: <c>(from, to, rel)</c>, reversed for reverse-declared fields.</summary>
    public (string From, string To, string Rel)? Edge => IsValid && Field.Rel is { } rel
        ? Field.Reverse ? (Target, From.Id, rel) : (From.Id, Target, rel)
        : null;
}
