using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Compliance;
using ContextKit.Domain.Entities;
using Json.Schema;

namespace ContextKit.Domain.Validation;

/// <summary>
/// Turns JsonSchema.Net's list output into Ajv-style violations (context-repo-format §5.1): keyword, params
/// and message are built from the failing keyword, the schema's value for it and the instance — never from the
/// library's own text — so tooling written against the desktop app keeps matching. <c>schemaPath</c> is the
/// keyword's location in the schema document (after following local <c>$ref</c>s), as Ajv reports it.
/// </summary>
static class AjvViolations
{
    static readonly HashSet<string> Combinators = ["anyOf", "oneOf", "not", "if", "then", "else"];

    /// <param name="results">The library's output, list or hierarchical.</param>
    /// <param name="schema">The schema document.</param>
    /// <param name="schemaUri">The document's own URI (its root <c>$id</c>, else the base it was compiled with).</param>
    /// <param name="instance">The validated value.</param>
    /// <param name="positions">Where each of its nodes stands in the source file.</param>
    public static IReadOnlyList<SchemaViolation> From(
        EvaluationResults results, JsonElement schema, string schemaUri, JsonNode instance, SourcePositions? positions)
    {
        var nodes = new List<EvaluationResults>();
        Flatten(results, nodes);
        var validity = new Dictionary<(string Evaluation, string Instance), bool>();
        foreach (var node in nodes)
            validity.TryAdd((node.EvaluationPath.ToString(), node.InstanceLocation.ToString()), node.IsValid);

        var output = new Output(instance, positions);
        foreach (var node in nodes.Where(n => !n.IsValid))
        {
            var evaluation = node.EvaluationPath.ToString();
            var segments = JsonPointers.Split(evaluation);
            var at = SchemaLocator.Locate(schema, segments) ?? SchemaLocator.AtLocation(schema, schemaUri, node.SchemaLocation);
            var location = node.InstanceLocation.ToString();
            foreach (var keyword in node.Errors?.Keys ?? (IEnumerable<string>)[])
            {
                if (Combinators.Contains(keyword))
                    continue;
                if (keyword.Length == 0)
                    FalseSchema(output, at, segments, evaluation, location);
                else
                    Keyword(output, keyword, at, evaluation, location);
            }
            if (at is { Schema.ValueKind: JsonValueKind.Object })
                Combinator(output, at, evaluation, location, validity);
        }
        return output.Violations;
    }

    static void Flatten(EvaluationResults node, List<EvaluationResults> into)
    {
        into.Add(node);
        foreach (var child in node.Details ?? [])
            Flatten(child, into);
    }

    /// <summary>A <c>false</c> subschema rejected a value: an extra property, an extra item, or a plain false schema.</summary>
    static void FalseSchema(Output output, Located? at, IReadOnlyList<string> segments, string evaluation, string location)
    {
        var pointer = at?.Pointer ?? "#" + evaluation;
        var last = segments.Count > 0 ? segments[^1] : "";
        var parent = JsonPointers.Parent(location);
        switch (last)
        {
            case "additionalProperties":
                output.Add(parent, pointer, last, new() { ["additionalProperty"] = JsonPointers.Last(location) },
                    "must NOT have additional properties", output.KeyAt(location));
                break;
            case "unevaluatedProperties":
                output.Add(parent, pointer, last, new() { ["unevaluatedProperty"] = JsonPointers.Last(location) },
                    "must NOT have unevaluated properties", output.KeyAt(location));
                break;
            case "items" or "additionalItems" when at?.Parent is { ValueKind: JsonValueKind.Object } owner:
                // The items before the rejected ones are declared by prefixItems (2020-12) or an items array (draft-07).
                var declared = owner.TryGetProperty(last == "items" ? "prefixItems" : "items", out var tuple) && tuple.ValueKind == JsonValueKind.Array
                    ? tuple.GetArrayLength()
                    : 0;
                output.Add(parent, pointer, last, new() { ["limit"] = declared }, $"must NOT have more than {declared} items", output.ValueAt(parent));
                break;
            default:
                output.Add(location, pointer, "false schema", [], "boolean schema is false", output.ValueAt(location));
                break;
        }
    }

    static void Keyword(Output output, string keyword, Located? at, string evaluation, string location)
    {
        var schemaPath = (at?.Pointer ?? "#" + evaluation) + "/" + keyword;
        var position = output.ValueAt(location);
        if (at is not { Schema: { ValueKind: JsonValueKind.Object } schema } || !schema.TryGetProperty(keyword, out var value))
        {
            output.Add(location, schemaPath, keyword, [], $"must pass \"{keyword}\" keyword validation", position);
            return;
        }
        var data = output.InstanceAt(location);
        switch (keyword)
        {
            case "required":
                if (data is not JsonObject map || value.ValueKind != JsonValueKind.Array)
                    break;
                foreach (var name in value.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
                    if (!map.ContainsKey(name))
                        output.Add(location, schemaPath, keyword, new() { ["missingProperty"] = name }, $"must have required property '{name}'", position);
                return;
            case "dependentRequired" or "dependencies":
                if (data is not JsonObject present || value.ValueKind != JsonValueKind.Object)
                    break;
                foreach (var dependency in value.EnumerateObject().Where(d => d.Value.ValueKind == JsonValueKind.Array && present.ContainsKey(d.Name)))
                {
                    var deps = dependency.Value.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString()!).ToList();
                    var text = string.Join(", ", deps);
                    foreach (var missing in deps.Where(d => !present.ContainsKey(d)))
                        output.Add(location, schemaPath, keyword,
                            new() { ["property"] = dependency.Name, ["missingProperty"] = missing, ["depsCount"] = deps.Count, ["deps"] = text },
                            $"must have {(deps.Count == 1 ? "property" : "properties")} {text} when property {dependency.Name} is present", position);
                }
                return;
            case "type":
                var types = value.ValueKind == JsonValueKind.Array
                    ? string.Join(",", value.EnumerateArray().Select(t => t.ToString()))
                    : value.ToString();
                output.Add(location, schemaPath, keyword, new() { ["type"] = value.ValueKind == JsonValueKind.Array ? value : types },
                    $"must be {types}", position);
                return;
            case "enum":
                output.Add(location, schemaPath, keyword, new() { ["allowedValues"] = value }, "must be equal to one of the allowed values", position);
                return;
            case "const":
                output.Add(location, schemaPath, keyword, new() { ["allowedValue"] = value }, "must be equal to constant", position);
                return;
            case "pattern":
                output.Add(location, schemaPath, keyword, new() { ["pattern"] = value.ToString() }, $"must match pattern \"{value}\"", position);
                return;
            case "format":
                output.Add(location, schemaPath, keyword, new() { ["format"] = value.ToString() }, $"must match format \"{value}\"", position);
                return;
            case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                var unit = keyword.EndsWith("Length", StringComparison.Ordinal) ? "characters" : keyword.EndsWith("Items", StringComparison.Ordinal) ? "items" : "properties";
                output.Add(location, schemaPath, keyword, new() { ["limit"] = Number(value) },
                    $"must NOT have {(keyword.StartsWith("min", StringComparison.Ordinal) ? "fewer" : "more")} than {NumberText(value)} {unit}", position);
                return;
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                if (value.ValueKind != JsonValueKind.Number)
                    break;
                var comparison = keyword switch { "minimum" => ">=", "maximum" => "<=", "exclusiveMinimum" => ">", _ => "<" };
                output.Add(location, schemaPath, keyword, new() { ["comparison"] = comparison, ["limit"] = Number(value) },
                    $"must be {comparison} {NumberText(value)}", position);
                return;
            case "multipleOf":
                output.Add(location, schemaPath, keyword, new() { ["multipleOf"] = Number(value) }, $"must be multiple of {NumberText(value)}", position);
                return;
            case "uniqueItems":
                if (data is not JsonArray list || Duplicate(list, schema) is not var (i, j))
                    break;
                output.Add(location, schemaPath, keyword, new() { ["i"] = i, ["j"] = j }, $"must NOT have duplicate items (items ## {j} and {i} are identical)", position);
                return;
            case "contains" or "minContains":
                var min = schema.TryGetProperty("minContains", out var m) && m.ValueKind == JsonValueKind.Number ? Number(m) : 1L;
                output.Add(location, (at.Pointer) + "/contains", "contains", new() { ["minContains"] = min }, $"must contain at least {min} valid item(s)", position);
                return;
            case "maxContains":
                output.Add(location, (at.Pointer) + "/contains", "contains", new() { ["maxContains"] = Number(value) },
                    $"must contain at most {NumberText(value)} valid item(s)", position);
                return;
        }
        output.Add(location, schemaPath, keyword, [], $"must pass \"{keyword}\" keyword validation", position);
    }

    /// <summary>
    /// anyOf, oneOf, not and if/then/else fail without an error of their own in the library's output; their
    /// verdict is read from the validity of their branches, as Ajv states it after the branches' errors.
    /// </summary>
    static void Combinator(Output output, Located at, string evaluation, string location, Dictionary<(string, string), bool> validity)
    {
        var schema = at.Schema;
        bool? Valid(string suffix) => validity.TryGetValue((evaluation + suffix, location), out var v) ? v : null;
        var position = output.ValueAt(location);

        if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            var branches = Enumerable.Range(0, anyOf.GetArrayLength()).Select(i => Valid($"/anyOf/{i}")).ToList();
            if (branches.Any(b => b is not null) && !branches.Any(b => b == true))
                output.Add(location, at.Pointer + "/anyOf", "anyOf", [], "must match a schema in anyOf", position);
        }
        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Array)
        {
            var branches = Enumerable.Range(0, oneOf.GetArrayLength()).Select(i => Valid($"/oneOf/{i}")).ToList();
            var passing = branches.Select((b, i) => (b, i)).Where(x => x.b == true).Select(x => x.i).ToList();
            if (branches.Any(b => b is not null) && passing.Count != 1)
                output.Add(location, at.Pointer + "/oneOf", "oneOf", new() { ["passingSchemas"] = passing.Count == 0 ? null : passing.Take(2).ToArray() },
                    "must match exactly one schema in oneOf", position);
        }
        if (schema.TryGetProperty("not", out _) && Valid("/not") == true)
            output.Add(location, at.Pointer + "/not", "not", [], "must NOT be valid", position);
        if (schema.TryGetProperty("if", out _) && Valid("/if") is { } condition)
        {
            var clause = condition ? "then" : "else";
            if (schema.TryGetProperty(clause, out _) && Valid("/" + clause) == false)
                output.Add(location, at.Pointer + "/if", "if", new() { ["failingKeyword"] = clause }, $"must match \"{clause}\" schema", position);
        }
    }

    /// <summary>
    /// The pair Ajv names for duplicate items: with an item type that is neither object nor array it scans from
    /// the end remembering each value's index (i &lt; j); otherwise it compares every pair from the end (i &gt; j).
    /// </summary>
    static (int I, int J)? Duplicate(JsonArray list, JsonElement schema)
    {
        var itemTypes = schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object && items.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.ToString()).ToList() : [t.ToString()]
            : [];
        if (itemTypes.Count > 0 && !itemTypes.Any(x => x is "object" or "array"))
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var item = list[i];
                if (!itemTypes.Any(type => IsOfType(item, type)))
                    continue;
                var key = JsonScalars.Text(item) ?? "";
                if (itemTypes.Count > 1 && JsonScalars.KindOf(item) == JsonScalars.Kind.String)
                    key += "_";
                if (seen.TryGetValue(key, out var j))
                    return (i, j);
                seen[key] = i;
            }
            return null;
        }
        for (var i = list.Count - 1; i >= 0; i--)
            for (var j = i - 1; j >= 0; j--)
                if (JsonScalars.DeepEquals(list[i], list[j]))
                    return (i, j);
        return null;
    }

    static bool IsOfType(JsonNode? item, string type)
    {
        var kind = JsonScalars.KindOf(item);
        return type switch
        {
            "string" => kind == JsonScalars.Kind.String,
            "number" => kind == JsonScalars.Kind.Number,
            "integer" => kind == JsonScalars.Kind.Number && JsonScalars.Number(item!.AsValue()) is var n && n == Math.Floor(n),
            "boolean" => kind == JsonScalars.Kind.Boolean,
            "null" => kind == JsonScalars.Kind.Null,
            _ => false,
        };
    }

    static object Number(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number ? value : value.TryGetInt64(out var whole) ? whole : value.GetDouble();

    static string NumberText(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number ? value.ToString()
        : value.TryGetInt64(out var whole) ? whole.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : JsonScalars.NumberText(value.GetDouble());

    /// <summary>The violations found so far, without repeats (the list output can report one failure twice).</summary>
    sealed class Output(JsonNode instance, SourcePositions? positions)
    {
        readonly HashSet<string> seen = new(StringComparer.Ordinal);

        public List<SchemaViolation> Violations { get; } = [];

        public SourcePosition? ValueAt(string pointer) => positions?.Value(pointer);

        public SourcePosition? KeyAt(string pointer) => positions?.Key(pointer);

        public JsonNode? InstanceAt(string pointer) => JsonPointers.Resolve(instance, pointer);

        public void Add(string instancePath, string schemaPath, string keyword, Dictionary<string, object?> parameters, string message, SourcePosition? at)
        {
            var key = $"{instancePath}\n{schemaPath}\n{keyword}\n{message}\n{JsonSerializer.Serialize(parameters)}";
            if (seen.Add(key))
                Violations.Add(new SchemaViolation(instancePath, schemaPath, keyword, parameters, message, at?.Line, at?.Column));
        }
    }
}
