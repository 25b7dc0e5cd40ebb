using System.Text.Json;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Validation;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>Small in-memory repositories for validation tests: the §14 base repository and a valid constitution to put rules in.</summary>
static class ValidationRepository
{
    public const string ConstitutionPath = "contexts/governance/constitution.yaml";

    // Relaxed escaping only so that expected JSON reads naturally ("->" rather than "-\u003E").
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// context-repo-format §14's base repository: FEAT-001 (userStories [US-001], tasks [T-001]), US-001, SPEC-001,
    /// T-001 (todo, related.feature FEAT-001, owner "@a"), svc-git (api.version 1.0.0), pkg-context-sync; no constitution.
    /// </summary>
    public static Dictionary<string, string> Base() => new()
    {
        ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: Sync\nstatus: proposed\nuserStories: [US-001]\ntasks: [T-001]\n",
        ["contexts/userstories/US-001.yaml"] = "id: US-001\nfeature: FEAT-001\nasA: user\niWant: to sync\nsoThat: I work offline\n",
        ["contexts/specs/SPEC-001.yaml"] = "id: SPEC-001\ntitle: Sync protocol\n",
        ["contexts/tasks/T-001.yaml"] = "id: T-001\ntitle: Build sync\nstatus: todo\nowner: \"@a\"\nrelated:\n  feature: FEAT-001\n",
        ["contexts/services/svc-git.yaml"] = "id: svc-git\nname: Git service\ntype: backend\napi:\n  version: 1.0.0\n",
        ["contexts/packages/pkg-context-sync.yaml"] = "id: pkg-context-sync\nname: context-sync\nversion: \"1.0.0\"\ntype: npm\n",
    };

    public static Dictionary<string, string> With(this Dictionary<string, string> files, string path, string text)
    {
        files[path] = text;
        return files;
    }

    /// <summary>A constitution that passes the built-in schema, around the given compliance rules, exceptions and layers (YAML, indented as list items).</summary>
    public static string Constitution(string rules, string? exceptions = null, string? layers = null) =>
        $"""
        id: ACME-CONST
        name: Acme constitution
        version: "1.2.0"
        status: ratified
        ratifiedOn: 2025-01-15
        checksum: {new string('a', 64)}
        {(layers is null ? "" : "layers:\n" + Indent(layers))}
        principles:
          - id: quality-first
            title: Quality first
            summary: Everything is tested.
            appliesTo: [global]
            nonNegotiable: true
        governance:
          owners: ["@owner"]
          reviewCadence: quarterly
        compliance:
          rules:
        {Indent(rules, 4)}
        {(exceptions is null ? "" : "  exceptions:\n" + Indent(exceptions, 4))}
        """;

    static string Indent(string yaml, int spaces = 2) =>
        string.Join("\n", yaml.Trim('\n').Split('\n').Select(l => new string(' ', spaces) + l));

    public static ValidationReport Validate(Dictionary<string, string> files, DateOnly? today = null) =>
        RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(files), Clock(today));

    public static TimeProvider Clock(DateOnly? today) => new FixedClock(today ?? new DateOnly(2026, 6, 1));

    public static string ToJson(object? value) => JsonSerializer.Serialize(value, Web);

    public static ContextIndex Load(Dictionary<string, string> files) => ContextIndex.Load(new InMemorySnapshot(files));

    sealed class FixedClock(DateOnly today) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}
