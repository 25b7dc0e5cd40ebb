namespace ContextKit.Grains.Contracts;

/// <summary>One entity as listings show it.</summary>
[GenerateSerializer, Immutable, Alias("ck.entity-summary")]
public sealed record EntitySummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Status,
    [property: Id(4)] string Path);

/// <summary>One entity in full: its data as JSON text, its YAML file text and the file's version.</summary>
[GenerateSerializer, Immutable, Alias("ck.entity-document")]
public sealed record EntityDocument(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Path,
    [property: Id(3)] string DataJson,
    [property: Id(4)] string Yaml,
    [property: Id(5)] string ETag);

/// <summary>Which entities a listing wants: a type, a status, and words to find in id, title or path.</summary>
[GenerateSerializer, Immutable, Alias("ck.entity-query")]
public sealed record EntityQuery([property: Id(0)] string? Type, [property: Id(1)] string? Status, [property: Id(2)] string? Text);

/// <summary>A builder template (context-repo-format §12) as clients see it; <c>PrototypeJson</c> is the data it starts from.</summary>
[GenerateSerializer, Immutable, Alias("ck.entity-template")]
public sealed record EntityTemplateInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string EntityType,
    [property: Id(4)] string? Icon,
    [property: Id(5)] string PrototypeJson);

/// <summary>The builder templates and the template files that were skipped, with why.</summary>
[GenerateSerializer, Immutable, Alias("ck.entity-templates")]
public sealed record EntityTemplates([property: Id(0)] IReadOnlyList<EntityTemplateInfo> Templates, [property: Id(1)] IReadOnlyList<string> Warnings);

/// <summary>A created or saved entity: where it is, its new version, and the branch's validation after the write.</summary>
[GenerateSerializer, Immutable, Alias("ck.entity-write-result")]
public sealed record EntityWriteResult(
    [property: Id(0)] string Id,
    [property: Id(1)] string Path,
    [property: Id(2)] string ETag,
    [property: Id(3)] ContextKit.Domain.Validation.ValidationReport Validation,
    [property: Id(4)] IReadOnlyList<string> UnresolvedPlaceholders);
