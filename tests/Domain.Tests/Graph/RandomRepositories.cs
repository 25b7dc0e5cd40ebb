using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Relations;
using ContextKit.Domain.Snapshots;
using CsCheck;

namespace ContextKit.Domain.Tests.Graph;

/// <summary>
/// Generates small repositories that exercise every relation: ids are drawn from a small pool so that
/// files collide (duplicates), links repeat, point both ways, name missing ids, and name entities of the
/// wrong type.
/// </summary>
public static class RandomRepositories
{
    static readonly string[][] IdsByType =
    [
        ["FEAT-001", "FEAT-002", "FEAT-003"],
        ["US-001", "US-002", "US-003"],
        ["SPEC-001", "SPEC-002"],
        ["T-001", "T-002", "T-003", "T-004"],
        ["svc-a", "svc-b", "svc-c"],
        ["pkg-a", "pkg-b"],
    ];

    /// <summary>Every id a file may declare, plus ids no file declares and a versioned dependency.</summary>
    public static readonly string[] Pool = [.. IdsByType.SelectMany(ids => ids), "FEAT-404", "svc-404", "svc-b@^1.0.0"];

    static readonly HashSet<string> SingleValued = ["feature", "related.feature", "related.spec", "related.service", "related.package", "related.userstory"];

    static readonly Gen<string[]> References = Gen.OneOf(Pool).Array[0, 3];

    /// <summary>One entity file: a type, an id of that type and up to five relation fields' values.</summary>
    static readonly Gen<(int Type, int Id, string[][] Fields)> EntityFile =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], References.Array[5]);

    /// <summary>The files of a repository, keyed by repo-relative path.</summary>
    public static readonly Gen<Dictionary<string, string>> Files = EntityFile.Array[0, 14].Select(entities =>
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < entities.Length; n++)
        {
            var (typeIndex, idIndex, fields) = entities[n];
            var type = EntityType.Entities[typeIndex];
            var ids = IdsByType[typeIndex];
            var data = new JsonObject { ["id"] = ids[idIndex % ids.Length] };
            var declared = RelationTable.Of(type).ToList();
            for (var f = 0; f < declared.Count; f++)
            {
                if (fields[f].Length == 0)
                    continue;
                JsonNode value = SingleValued.Contains(declared[f].Field) ? fields[f][0] : new JsonArray([.. fields[f].Select(v => (JsonNode)v)]);
                Set(data, declared[f].Field, value);
            }
            // JSON is YAML, so the file can be written as JSON text.
            files[$"{type.FolderName}/{n:D2}.yaml"] = data.ToJsonString();
        }
        return files;
    });

    public static ContextIndex Load(Dictionary<string, string> files) => ContextIndex.Load(new InMemorySnapshot(files));

    static void Set(JsonObject data, string dotted, JsonNode value)
    {
        var parts = dotted.Split('.');
        var at = data;
        foreach (var part in parts[..^1])
            at = at[part] as JsonObject ?? (JsonObject)(at[part] = new JsonObject());
        at[parts[^1]] = value;
    }
}
