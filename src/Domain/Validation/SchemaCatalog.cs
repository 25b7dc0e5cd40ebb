using System.Text;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;

namespace ContextKit.Domain.Validation;

/// <summary>
/// The schemas one repository is validated with (context-repo-format §3): its own
/// <c>.context/schemas/&lt;name&gt;.schema.json</c> where present, else the built-in one. A repo schema that
/// cannot be read or compiled is reported (<see cref="LoadErrors"/>) and the built-in one is used instead.
/// </summary>
public sealed class SchemaCatalog
{
    public static readonly RepoPath Folder = RepoPath.Parse(".context/schemas");

    /// <summary>The schemas validation uses, in type order, the constitution's last.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. EntityType.Entities.Select(t => t.Name), "constitution"];

    static readonly Lazy<IReadOnlyDictionary<string, CompiledSchema>> BuiltIns = new(LoadBuiltIns);

    // By entity type (governance: the constitution's schema), looked up once per file per run.
    readonly Dictionary<EntityType, CompiledSchema> byType = new(ReferenceEqualityComparer.Instance);

    SchemaCatalog(IReadOnlyDictionary<string, CompiledSchema> schemas, IReadOnlyList<SchemaError> loadErrors)
    {
        foreach (var type in EntityType.All)
            byType[type] = schemas[type == EntityType.Governance ? "constitution" : type.Name];
        LoadErrors = loadErrors;
    }

    /// <summary>The built-in schemas only, as a repository without its own schemas gets them.</summary>
    public static SchemaCatalog BuiltIn { get; } = new(BuiltIns.Value, []);

    /// <summary><c>{file, error: "Schema could not be loaded: …"}</c> for each repo schema that fell back to the built-in one.</summary>
    public IReadOnlyList<SchemaError> LoadErrors { get; }

    /// <summary>The schema of <paramref name="type"/> (governance: the constitution's).</summary>
    public CompiledSchema For(EntityType type) => byType[type];

    public static RepoPath PathOf(string name) => RepoPath.Parse($".context/schemas/{name}.schema.json");

    /// <summary>True when a change to <paramref name="path"/> can change the schemas validation uses.</summary>
    public static bool Covers(RepoPath path) => path.IsUnder(Folder);

    public static SchemaCatalog Load(IRepositorySnapshot snapshot)
    {
        var schemas = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        var errors = new List<SchemaError>();
        foreach (var name in Names)
        {
            var path = PathOf(name);
            schemas[name] = BuiltIns.Value[name];
            if (snapshot.ReadText(path) is not { } text)
                continue;
            var (schema, error) = CompiledSchema.Compile(text);
            if (schema is not null)
                schemas[name] = schema;
            else
                errors.Add(new SchemaError(path.Value, $"Schema could not be loaded: {error}"));
        }
        return new SchemaCatalog(schemas, errors);
    }

    static IReadOnlyDictionary<string, CompiledSchema> LoadBuiltIns()
    {
        var files = RepositoryTemplates.Files(RepositoryTemplate.Empty).ToDictionary(f => f.Path, StringComparer.Ordinal);
        return Names.ToDictionary(n => n, n =>
        {
            var text = Encoding.UTF8.GetString(files[PathOf(n).Value].Content);
            return CompiledSchema.Compile(text).Schema
                   ?? throw new InvalidOperationException($"The built-in {n} schema does not compile.");
        }, StringComparer.Ordinal);
    }
}
