using ContextKit.Domain.Snapshots;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContextKit.Domain.Prompts;

namespace ContextKit.Domain.C4;

/// <summary>
/// The C4 report of a repository or of one diagram (context-repo-format §10): the schema-valid projections,
/// the errors (schema failures, missing header references) and the warnings. <c>Ok</c> is true when there are no errors.
/// </summary>
public sealed record C4Report(
    bool Ok,
    C4Stats Stats,
    IReadOnlyList<C4Projection> Projections,
    IReadOnlyList<C4Error> Errors,
    IReadOnlyList<C4Warning> Warnings);

/// <summary>
/// Counts over every C4 block found, valid or not. <c>TotalDiagrams</c> counts files with at least one C4 block;
/// <c>ValidationErrors</c> counts blocks whose projection failed the c4 schema.
/// </summary>
public sealed record C4Stats(
    int TotalDiagrams,
    int TotalBlocks,
    int TotalNodes,
    int TotalRelationships,
    IReadOnlyDictionary<string, int> NodesByKind,
    int ValidationErrors);

/// <summary>The projection of one C4 block: its header, nodes, relationships and boundaries (the c4 schema).</summary>
public sealed record C4Projection(
    string System,
    string Level,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Feature,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Specs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Stories,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Attributes,
    string SourceDiagram,
    int Block,
    IReadOnlyList<C4Node> Nodes,
    IReadOnlyList<C4Relationship> Relationships,
    IReadOnlyList<C4Boundary> Boundaries);

/// <summary>
/// An element of a diagram. <c>Element</c> is the native keyword (<c>Container</c>, <c>System_Ext</c>…), absent in
/// flowchart style; <c>KindRaw</c> keeps a flowchart kind word that is not one of the known ones.
/// </summary>
public sealed record C4Node(
    string Id,
    string Name,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tech = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Element = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Boundary = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KindRaw = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tags = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Link = null);

/// <summary>
/// A relationship between two elements. <c>Description</c> is the label, or "depends on"; <c>Direction</c> is the
/// layout hint of <c>Rel_U</c>/<c>Rel_D</c>/<c>Rel_L</c>/<c>Rel_R</c>/<c>Rel_Back</c> (up, down, left, right, back).
/// </summary>
public sealed record C4Relationship(
    string Source,
    string Target,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tech = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RestPath = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Emit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Consume = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Bidirectional = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Direction = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tags = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Link = null);

/// <summary>A boundary (native <c>*Boundary</c> or a flowchart <c>subgraph</c>) and the boundary around it, if any.</summary>
public sealed record C4Boundary(
    string Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Element = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parent = null);

/// <summary>
/// An error of a diagram block: a header reference to a missing entity (<c>Field</c>, <c>Reference</c>), a schema
/// failure (<c>Field</c> = the failing location, e.g. <c>level</c>), or a repository c4 schema that cannot be loaded.
/// </summary>
public sealed record C4Error(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Block,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference,
    string Error);

/// <summary>Something in a diagram that was skipped or guessed; never affects <c>Ok</c>.</summary>
public sealed record C4Warning(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Block,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Element,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Hint = null);

/// <summary>A diagram file under <c>c4/</c>: its name (path under <c>c4/</c> without extension) and path.</summary>
public sealed record C4DiagramFile(string Name, string File);

/// <summary>
/// The report, and what to do in <c>c4/out/</c>: projections to write (unchanged ones left out) and stale
/// projections of the analysed diagrams to delete.
/// </summary>
public sealed record C4Analysis(C4Report Report, IReadOnlyList<GeneratedFile> FilesToWrite, IReadOnlyList<string> FilesToDelete);
