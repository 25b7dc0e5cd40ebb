using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Entities;

/// <summary>One entity or governance file as loaded: its data and positions, or why it did not parse.</summary>
public sealed record ParsedFile(RepoPath Path, EntityType Type, JsonObject? Data, SourcePositions? Positions, YamlParseResult? Failure)
{
    public bool Parsed => Data is not null;

    /// <summary>The entity id: the root's <c>id</c> when it is a non-empty string, else null (not indexed).</summary>
    public string? Id { get; } = Data?["id"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>The file as an entity record, when it has an id; made once, so unchanged files keep their record.</summary>
    public EntityRecord? Record { get; } =
        Data?["id"] is JsonValue w && w.TryGetValue<string>(out var rid) && rid.Length > 0 ? new EntityRecord(rid, Type, Path, Data, Positions!) : null;
}

/// <summary>An indexed entity (context-repo-format §2 "Records").</summary>
public sealed record EntityRecord(string Id, EntityType Type, RepoPath Path, JsonObject Data, SourcePositions Positions)
{
    /// <summary><c>title ?? name ?? id</c>, as listings and messages show it.</summary>
    public string Title => Text("title") ?? Text("name") ?? Id;

    public string? Status => Text("status");

    public string? Text(string field) => Data[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>Several files declaring one id: the first in type then path order wins, the rest are duplicates.</summary>
public sealed record DuplicateGroup(string Id, EntityType Type, IReadOnlyList<RepoPath> Files);

/// <summary>
/// Every entity file of a branch, parsed, and the index the engines work from: canonical records by id,
/// duplicates, parse failures and the constitution file. Immutable; <see cref="WithFile"/> gives the index
/// after one file changed, re-parsing only that file, so an edit costs one parse rather than a reload.
/// </summary>
public sealed class ContextIndex
{
    public static readonly RepoPath ConstitutionYaml = RepoPath.Parse("contexts/governance/constitution.yaml");
    public static readonly RepoPath ConstitutionYml = RepoPath.Parse("contexts/governance/constitution.yml");

    readonly ImmutableSortedDictionary<FileKey, ParsedFile> files;
    readonly Lazy<Derived> derived;

    ContextIndex(ImmutableSortedDictionary<FileKey, ParsedFile> files)
    {
        this.files = files;
        derived = new Lazy<Derived>(() => Derive(files.Values));
    }

    public static ContextIndex Empty { get; } = new(ImmutableSortedDictionary<FileKey, ParsedFile>.Empty);

    /// <summary>Loads every entity file and the constitution from a snapshot.</summary>
    public static ContextIndex Load(IRepositorySnapshot snapshot, YamlLimits? limits = null)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<FileKey, ParsedFile>();
        foreach (var type in EntityType.Entities)
            foreach (var path in snapshot.ListFiles(type.Folder).Where(IsYaml))
                builder[new FileKey(type.Order, path.Value)] = Parse(path, type, snapshot.ReadText(path) ?? "", limits);
        // Both spellings are kept: the index uses .yaml when present, and deleting it brings the .yml back.
        var governance = snapshot.ListFiles(EntityType.Governance.Folder);
        foreach (var constitution in new[] { ConstitutionYaml, ConstitutionYml }.Where(governance.Contains))
            builder[new FileKey(EntityType.Governance.Order, constitution.Value)] =
                Parse(constitution, EntityType.Governance, snapshot.ReadText(constitution) ?? "", limits);
        return new ContextIndex(builder.ToImmutable());
    }

    /// <summary>
    /// The index after <paramref name="path"/> was written (<paramref name="text"/>) or deleted (null).
    /// Paths that hold no entity leave the index as it is.
    /// </summary>
    public ContextIndex WithFile(RepoPath path, string? text, YamlLimits? limits = null)
    {
        var type = TypeOfFile(path);
        if (type is null)
            return this;
        var key = new FileKey(type.Order, path.Value);
        var next = text is null ? files.Remove(key) : files.SetItem(key, Parse(path, type, text, limits));
        return new ContextIndex(next);
    }

    /// <summary>True when a change to <paramref name="path"/> can change this index.</summary>
    public static bool Covers(RepoPath path) => TypeOfFile(path) is not null;

    /// <summary>Every entity file (not governance), parsed or not, in type then path order.</summary>
    public IReadOnlyList<ParsedFile> EntityFiles => derived.Value.EntityFiles;

    /// <summary>The canonical record of each id, in type then path order.</summary>
    public IReadOnlyList<EntityRecord> Entities => derived.Value.Canonical;

    public IReadOnlyList<DuplicateGroup> Duplicates => derived.Value.Duplicates;

    /// <summary>The constitution file (<c>constitution.yaml</c>, else <c>.yml</c>), or null when there is none.</summary>
    public ParsedFile? Constitution => derived.Value.Constitution;

    public EntityRecord? Find(string id) => derived.Value.ById.GetValueOrDefault(id);

    public ParsedFile? FileAt(RepoPath path) => files.Values.FirstOrDefault(f => f.Path == path);

    static ParsedFile Parse(RepoPath path, EntityType type, string text, YamlLimits? limits)
    {
        var result = YamlJsonReader.Read(text, limits);
        return new ParsedFile(path, type, result.Data, result.Positions, result.Failure);
    }

    static EntityType? TypeOfFile(RepoPath path)
    {
        if (path == ConstitutionYaml || path == ConstitutionYml)
            return EntityType.Governance;
        return IsYaml(path) ? EntityType.OfPath(path) : null;
    }

    static bool IsYaml(RepoPath path) =>
        path.Value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.Value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    static Derived Derive(IEnumerable<ParsedFile> all)
    {
        var entityFiles = new List<ParsedFile>();
        var canonical = new List<EntityRecord>();
        var byId = new Dictionary<string, EntityRecord>(StringComparer.Ordinal);
        var declared = new Dictionary<string, List<ParsedFile>>(StringComparer.Ordinal);
        ParsedFile? yaml = null, yml = null;
        foreach (var file in all)
        {
            if (file.Type == EntityType.Governance)
            {
                if (file.Path == ConstitutionYaml) yaml = file; else yml = file;
                continue;
            }
            entityFiles.Add(file);
            if (file.Id is not { } id)
                continue;
            if (!declared.TryGetValue(id, out var list))
                declared[id] = list = [];
            list.Add(file);
            if (list.Count == 1)
            {
                canonical.Add(file.Record!);
                byId[id] = file.Record!;
            }
        }
        var duplicates = declared.Where(d => d.Value.Count > 1)
            .Select(d => new DuplicateGroup(d.Key, d.Value[0].Type, d.Value.Select(f => f.Path).ToList()))
            .OrderBy(d => d.Type.Order).ThenBy(d => d.Files[0].Value, StringComparer.Ordinal)
            .ToList();
        return new Derived(entityFiles, canonical, byId, duplicates, yaml ?? yml);
    }

    sealed record Derived(
        List<ParsedFile> EntityFiles,
        List<EntityRecord> Canonical,
        Dictionary<string, EntityRecord> ById,
        List<DuplicateGroup> Duplicates,
        ParsedFile? Constitution);

    /// <summary>Sorts files in type then ordinal path order.</summary>
    readonly record struct FileKey(int TypeOrder, string Path) : IComparable<FileKey>
    {
        public int CompareTo(FileKey other) =>
            TypeOrder != other.TypeOrder ? TypeOrder.CompareTo(other.TypeOrder) : string.CompareOrdinal(Path, other.Path);
    }
}
