using System.Text.Encodings.Web;
using System.Text.Json;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Prompts;
using ContextKit.Domain.Snapshots;

namespace ContextKit.Domain.C4;

/// <summary>
/// The C4 engine (context-repo-format §10): reads the Mermaid diagrams under <c>c4/</c>, projects each C4 block,
/// validates the projections against the c4 schema and the repository's entities, and says which
/// <c>c4/out/</c> files to write and delete. Pure: it reads through the snapshot and writes nothing.
/// </summary>
public static class C4Diagrams
{
    public static readonly RepoPath Folder = RepoPath.Parse("c4");
    public static readonly RepoPath OutFolder = RepoPath.Parse("c4/out");

    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // Projection files are read by people and diffed in git: indented, and without escaping of <, > or non-ASCII text.
    static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every diagram file: <c>c4/**/*.md</c> and <c>*.markdown</c> outside <c>c4/out/</c>, in path order.</summary>
    public static IReadOnlyList<C4DiagramFile> List(IRepositorySnapshot snapshot) =>
        snapshot.ListFiles(Folder)
            .Where(p => !p.IsUnder(OutFolder) && Extension(p) is not null)
            .Select(p => new C4DiagramFile(p.Value[(Folder.Value.Length + 1)..^Extension(p)!.Length], p.Value))
            .ToList();

    /// <summary>Analyses every diagram of the repository.</summary>
    public static C4Analysis Analyse(IRepositorySnapshot snapshot, ContextIndex index) =>
        Analyse(snapshot, index, List(snapshot));

    /// <summary>
    /// Analyses one diagram, by its name: the path under <c>c4/</c> without extension (<c>billing</c>,
    /// <c>payments/checkout</c>). Null when there is no such diagram.
    /// </summary>
    public static C4Analysis? AnalyseDiagram(IRepositorySnapshot snapshot, ContextIndex index, string name)
    {
        var diagrams = List(snapshot).Where(d => d.Name == name).ToList();
        return diagrams.Count == 0 ? null : Analyse(snapshot, index, diagrams);
    }

    static C4Analysis Analyse(IRepositorySnapshot snapshot, ContextIndex index, IReadOnlyList<C4DiagramFile> diagrams)
    {
        var schema = C4Schema.For(snapshot, out var schemaError);
        var projections = new List<C4Projection>();
        var errors = new List<C4Error>();
        var warnings = new List<C4Warning>();
        if (schemaError is not null)
            errors.Add(new C4Error(C4Schema.RepositoryPath, null, null, null, schemaError));
        var blocks = diagrams.SelectMany(d => C4Block.ReadAll(d.File, snapshot.ReadText(RepoPath.Parse(d.File)) ?? "")).ToList();
        var invalid = 0;
        foreach (var block in blocks)
        {
            warnings.AddRange(block.Warnings);
            var projection = Project(block, warnings);
            var failures = schema.Check(JsonSerializer.SerializeToElement(projection, Web));
            if (failures.Count == 0)
                projections.Add(projection);
            else
                invalid++;
            errors.AddRange(failures.Select(f => new C4Error(block.File, block.Index, Field(f.Location), null,
                $"Projection does not match the c4 schema at {(f.Location.Length > 0 ? f.Location : "/")} ({f.Keyword}): {f.Message}")));
            errors.AddRange(C4References.MissingEntities(projection, index));
            warnings.AddRange(C4References.UnmatchedServices(block, index));
        }
        var stats = new C4Stats(
            TotalDiagrams: blocks.Select(b => b.File).Distinct().Count(),
            TotalBlocks: blocks.Count,
            TotalNodes: blocks.Sum(b => b.Nodes.Count),
            TotalRelationships: blocks.Sum(b => b.Relationships.Count),
            NodesByKind: C4Kinds.All
                .Select(kind => (kind, count: blocks.Sum(b => b.Nodes.Count(n => n.Kind == kind))))
                .Where(k => k.count > 0)
                .ToDictionary(k => k.kind, k => k.count),
            ValidationErrors: invalid);
        var report = new C4Report(errors.Count == 0, stats, projections, errors, warnings);
        var (write, delete) = Outputs(snapshot, diagrams, projections);
        return new C4Analysis(report, write, delete);
    }

    static C4Projection Project(C4Block block, List<C4Warning> warnings)
    {
        var header = block.Header;
        var system = header?.System ?? block.Title;
        if (system is null)
        {
            system = "Unknown";
            warnings.Add(new C4Warning(block.File, block.Index, block.FirstLine, null,
                "No system named by the header or a title; the projection uses Unknown"));
        }
        return new C4Projection(
            system,
            header?.Level ?? block.DefaultLevel,
            header?.Feature,
            header?.Specs,
            header?.Stories,
            header?.Attributes,
            block.File,
            block.Index,
            block.Nodes,
            block.Relationships,
            block.Boundaries);
    }

    /// <summary>The projection file of block <paramref name="block"/> of <paramref name="file"/>: <c>c4/out/&lt;name&gt;.&lt;block&gt;.json</c>.</summary>
    public static string OutputPath(string file, int block) => $"{OutFolder.Value}/{NameOf(file)}.{block}.json";

    static (List<GeneratedFile> Write, List<string> Delete) Outputs(
        IRepositorySnapshot snapshot, IReadOnlyList<C4DiagramFile> diagrams, IReadOnlyList<C4Projection> projections)
    {
        var wanted = projections.ToDictionary(
            p => OutputPath(p.SourceDiagram, p.Block),
            p => JsonSerializer.Serialize(p, FileFormat) + "\n",
            StringComparer.Ordinal);
        var write = wanted
            .Where(w => snapshot.ReadText(RepoPath.Parse(w.Key)) != w.Value)
            .Select(w => new GeneratedFile(w.Key, w.Value))
            .ToList();
        var existing = snapshot.ListFiles(OutFolder);
        var delete = diagrams
            .SelectMany(d => existing.Where(p => IsOutputOf(p.Value, d.Name)))
            .Select(p => p.Value)
            .Where(p => !wanted.ContainsKey(p))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return (write, delete);
    }

    static bool IsOutputOf(string path, string name)
    {
        var prefix = $"{OutFolder.Value}/{name}.";
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(".json", StringComparison.Ordinal))
            return false;
        var block = path[prefix.Length..^".json".Length];
        return block.Length > 0 && block.All(char.IsAsciiDigit);
    }

    static string NameOf(string file)
    {
        var path = RepoPath.Parse(file);
        return path.Value[(Folder.Value.Length + 1)..^(Extension(path)?.Length ?? 0)];
    }

    static string? Extension(RepoPath path) =>
        path.Value.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? path.Value[^3..]
        : path.Value.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase) ? path.Value[^9..]
        : null;

    /// <summary>A schema location as a field path: <c>/nodes/2/kind</c> → <c>nodes.2.kind</c>; null for the root.</summary>
    static string? Field(string location) =>
        location.Trim('/').Length == 0 ? null : location.Trim('/').Replace('/', '.');
}
