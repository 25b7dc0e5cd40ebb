using System.Text;
using System.Text.Json;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;
using Json.Schema;

namespace ContextKit.Domain.C4;

/// <summary>
/// The <c>c4</c> JSON Schema projections are checked against: the repository's
/// <c>.context/schemas/c4.schema.json</c> when it has one that compiles, else the built-in one.
/// </summary>
internal sealed class C4Schema
{
    public const string RepositoryPath = ".context/schemas/c4.schema.json";

    static readonly Lazy<C4Schema> BuiltInSchema = new(() => Compile(BuiltInText()));

    static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    readonly JsonSchema schema;

    C4Schema(JsonSchema schema) => this.schema = schema;

    static C4Schema BuiltIn => BuiltInSchema.Value;

    /// <summary>The schema for <paramref name="snapshot"/>; <paramref name="error"/> says why the repository's own could not be used.</summary>
    public static C4Schema For(IRepositorySnapshot snapshot, out string? error)
    {
        error = null;
        var text = snapshot.ReadText(RepoPath.Parse(RepositoryPath));
        if (text is null)
            return BuiltIn;
        try
        {
            return Compile(text);
        }
        // The text is the repository's: a parse error, an unknown dialect or a broken $ref all surface as different
        // exception types, and each of them means "use the built-in schema and say so".
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = $"Schema could not be loaded: {e.Message}";
            return BuiltIn;
        }
    }

    /// <summary>Each failure as (instance location, keyword, message); empty when <paramref name="instance"/> is valid.</summary>
    public IReadOnlyList<(string Location, string Keyword, string Message)> Check(JsonElement instance)
    {
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
            return [];
        var failures = new List<(string, string, string)>();
        foreach (var node in new[] { results }.Concat(results.Details ?? []))
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
                failures.Add((node.InstanceLocation.ToString(), keyword, message));
        return failures.Count > 0 ? failures.Distinct().ToList() : [("", "schema", "The projection does not match the schema")];
    }

    static C4Schema Compile(string text)
    {
        // A registry per schema, so that a repository schema with the same $id as another never clashes in the global one.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return new C4Schema(JsonSchema.FromText(text.TrimStart('\uFEFF'), options));
    }

    static string BuiltInText()
    {
        var file = RepositoryTemplates.Files(RepositoryTemplate.Empty).Single(f => f.Path == RepositoryPath);
        return Encoding.UTF8.GetString(file.Content);
    }
}
