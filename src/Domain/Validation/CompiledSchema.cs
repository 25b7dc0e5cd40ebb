using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using Json.Schema;

namespace ContextKit.Domain.Validation;

/// <summary>
/// A JSON Schema compiled once and kept with the document it came from, so that failures can be described
/// Ajv-style from the schema's own keywords (<see cref="AjvViolations"/>). <c>$schema</c> selects draft-07 or
/// 2020-12 (the default); <c>date</c>, <c>date-time</c>, <c>uri</c> and <c>email</c> formats are asserted.
/// </summary>
public sealed class CompiledSchema
{
    // Compiling is the expensive part and the workspace validates on every edit, so each distinct schema
    // text is compiled once per process. Edits to a repo schema add entries; the cache is simply dropped
    // when it grows past what a few hundred repositories need.
    const int CacheLimit = 512;
    static readonly ConcurrentDictionary<string, Lazy<(CompiledSchema? Schema, string? Error)>> Cache = new(StringComparer.Ordinal);
    // A hierarchical base so that relative $refs and $ids resolve; it never reaches the output.
    static readonly Uri BaseUri = new("context-kit:/schemas/schema.json");

    readonly JsonSchema schema;

    readonly string documentUri;

    CompiledSchema(JsonSchema schema, JsonElement document)
    {
        this.schema = schema;
        Document = document;
        documentUri = document.ValueKind == JsonValueKind.Object && document.TryGetProperty("$id", out var id)
                      && id.ValueKind == JsonValueKind.String && Uri.TryCreate(BaseUri, id.GetString(), out var own)
            ? own.GetLeftPart(UriPartial.Query)
            : BaseUri.GetLeftPart(UriPartial.Query);
    }

    /// <summary>The schema as parsed JSON, for reading keyword values.</summary>
    public JsonElement Document { get; }

    /// <summary>The compiled schema for <paramref name="text"/>, or why it could not be read or compiled.</summary>
    public static (CompiledSchema? Schema, string? Error) Compile(string text)
    {
        if (Cache.Count > CacheLimit)
            Cache.Clear();
        return Cache.GetOrAdd(text, t => new Lazy<(CompiledSchema?, string?)>(() => CompileNow(t))).Value;
    }

    static (CompiledSchema?, string?) CompileNow(string text)
    {
        JsonElement document;
        try
        {
            using var parsed = JsonDocument.Parse(text.TrimStart('\uFEFF'));
            document = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"invalid JSON at line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}");
        }
        if (document.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            return (null, "a schema must be a JSON object or a boolean");
        try
        {
            // A registry of its own per schema: two repositories may use the same $id for different schemas.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 };
            var schema = JsonSchema.Build(document, options, BaseUri);
            // The library resolves references only when evaluation reaches them; a schema that names
            // something that is not there is refused now, as Ajv refuses it when compiling.
            if (SchemaReferences.FirstUnresolvable(document, BaseUri, options.SchemaRegistry) is { } missing)
                return (null, $"$ref '{missing}' cannot be resolved");
            return (new CompiledSchema(schema, document), null);
        }
        catch (Exception e)
        {
            // Repo schemas are user input: whatever the library refuses them with (unknown dialect, bad keyword
            // value, unresolvable $ref, invalid regex) is a reason to report and fall back, never a crash.
            return (null, e.Message.Replace(BaseUri.AbsoluteUri, "", StringComparison.Ordinal));
        }
    }

    /// <summary>Whether <paramref name="data"/> satisfies the schema, and if not, each failure Ajv-style.</summary>
    public IReadOnlyList<SchemaViolation> Evaluate(JsonObject data, SourcePositions? positions)
    {
        var instance = JsonSerializer.SerializeToElement(data);
        EvaluationResults results;
        try
        {
            results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        }
        catch (Exception)
        {
            // Compiling checks what it can (keyword values, references); should evaluation still fail, the file is
            // reported as not validated rather than the whole run failing.
            var at = positions?.Value("");
            return [new SchemaViolation("", "#", "schema", new Dictionary<string, object?>(), "schema could not be applied", at?.Line, at?.Column)];
        }
        return results.IsValid ? [] : AjvViolations.From(results, Document, documentUri, data, positions);
    }
}
