using System.Globalization;
using System.Text.Json.Nodes;
using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Compliance;

/// <summary>
/// The machine-checked part of a constitution (context-repo-format §3, §5.2): its layers, compliance rules and
/// exceptions, read from a constitution that passed its schema. Reading is lenient so that a repository's own,
/// looser constitution schema cannot make it throw: what is absent or of another shape is left out.
/// </summary>
public sealed class ComplianceRules
{
    ComplianceRules(string id, string version, string? checksum, IReadOnlyList<ComplianceLayer> layers,
        IReadOnlyList<ComplianceRule> rules, IReadOnlyList<RuleException> exceptions)
    {
        Id = id;
        Version = version;
        Checksum = checksum;
        Layers = layers;
        Rules = rules;
        Exceptions = exceptions;
    }

    public string Id { get; }

    public string Version { get; }

    public string? Checksum { get; }

    public IReadOnlyList<ComplianceLayer> Layers { get; }

    public IReadOnlyList<ComplianceRule> Rules { get; }

    public IReadOnlyList<RuleException> Exceptions { get; }

    public static ComplianceRules From(JsonObject constitution)
    {
        var layers = Maps(constitution["layers"])
            .Select(l => new ComplianceLayer(Text(l["id"]) ?? "", Strings(l["paths"]).Select(LayerPattern.Parse).ToList()))
            .ToList();
        var compliance = constitution["compliance"] as JsonObject;
        var rules = Maps(compliance?["rules"]).Select(ReadRule).ToList();
        var exceptions = Maps(compliance?["exceptions"]).Select(e =>
        {
            var scope = e["scope"] as JsonObject;
            var expires = Text(e["expiresOn"]);
            return new RuleException(
                Text(e["id"]) ?? "", Text(e["ruleId"]) ?? "",
                Strings(scope?["entities"]).ToHashSet(StringComparer.Ordinal),
                Strings(scope?["layers"]).ToHashSet(StringComparer.Ordinal),
                expires,
                DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null);
        }).ToList();
        return new ComplianceRules(Text(constitution["id"]) ?? "", Text(constitution["version"]) ?? "", Text(constitution["checksum"]),
            layers, rules, exceptions);
    }

    static ComplianceRule ReadRule(JsonObject rule) => new(
        Text(rule["id"]) ?? "",
        Text(rule["description"]),
        Strings(rule["targets"]).ToHashSet(StringComparer.Ordinal),
        Maps(rule["conditions"]).Select(c =>
        {
            var op = Text(c["operator"]) ?? "";
            var operand = c.TryGetPropertyValue("value", out var value) ? PathValue.Of(value) : PathValue.Missing;
            EcmaPattern? pattern = null;
            if (op == ConditionOperator.Matches)
                pattern = !operand.IsMissing && JsonScalars.Text(operand.Node) is { } source
                    ? EcmaPattern.Compile(source)
                    : EcmaPattern.Invalid(operand.IsMissing ? "" : operand.Node!.ToJsonString());
            return new RuleCondition(ConditionPath.Parse(Text(c["path"]) ?? ""), op, operand, Text(c["message"]), pattern);
        }).ToList(),
        Text(rule["severity"]));

    static IEnumerable<JsonObject> Maps(JsonNode? node) => node is JsonArray list ? list.OfType<JsonObject>() : [];

    static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray list ? list.Select(Text).OfType<string>() : [];

    static string? Text(JsonNode? node) => JsonScalars.KindOf(node) == JsonScalars.Kind.String ? node!.GetValue<string>() : null;
}

/// <summary>A named group of repository paths.</summary>
public sealed record ComplianceLayer(string Id, IReadOnlyList<LayerPattern> Paths)
{
    public bool Contains(RepoPath path) => Paths.Any(p => p.Matches(path));
}

/// <summary>A compliance rule: every condition must hold for each targeted entity.</summary>
public sealed record ComplianceRule(string Id, string? Description, IReadOnlySet<string> Targets, IReadOnlyList<RuleCondition> Conditions, string? Severity);

/// <summary>One condition of a rule; <see cref="Pattern"/> is the compiled operand of <c>matches</c>.</summary>
public sealed record RuleCondition(ConditionPath Path, string Operator, PathValue Operand, string? Message, EcmaPattern? Pattern)
{
    public bool Holds(JsonObject entity, out bool timedOut) =>
        ConditionOperator.Apply(Operator, Path.Read(entity), Operand, Pattern, out timedOut);
}

/// <summary>A waiver of one rule for some entities or layers, until <see cref="ExpiresOn"/> (inclusive) if given.</summary>
public sealed record RuleException(
    string Id, string RuleId, IReadOnlySet<string> Entities, IReadOnlySet<string> Layers, string? ExpiresOnText, DateOnly? ExpiresOn)
{
    public bool HasScope => Entities.Count > 0 || Layers.Count > 0;

    public bool ExpiredOn(DateOnly today) => ExpiresOn is { } last && today > last;
}
