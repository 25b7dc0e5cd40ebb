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
