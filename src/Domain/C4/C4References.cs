using System.Text.RegularExpressions;
using ContextKit.Domain.Entities;

namespace ContextKit.Domain.C4;

/// <summary>
/// Checks a projection against the entities of the repository (context-repo-format §10): header
/// <c>feature</c>, <c>specs</c> and <c>stories</c> must name entities of that type, and a container named like a
/// service should match a <c>contexts/services</c> id.
/// </summary>
internal static partial class C4References
{
    public static IEnumerable<C4Error> MissingEntities(C4Projection projection, ContextIndex index)
    {
        var references = new List<(string Field, string Reference, EntityType Type)>();
        if (projection.Feature is { } feature)
            references.Add(("feature", feature, EntityType.Feature));
        references.AddRange((projection.Specs ?? []).Select(s => ("specs", s, EntityType.Spec)));
        references.AddRange((projection.Stories ?? []).Select(s => ("stories", s, EntityType.UserStory)));
        // An id of another type does not exist as far as this field is concerned.
        return references
            .Where(r => index.Find(r.Reference)?.Type != r.Type)
            .Select(r => new C4Error(projection.SourceDiagram, projection.Block, r.Field, r.Reference,
                $"Referenced {r.Type.Label} {r.Reference} does not exist"));
    }

    /// <summary>A warning for each container whose id ends in <c>-svc</c> or whose id or name contains "service", and that matches no service.</summary>
    public static IEnumerable<C4Warning> UnmatchedServices(C4Block block, ContextIndex index)
    {
        var services = index.Entities.Where(e => e.Type == EntityType.Service).ToList();
        foreach (var node in block.Nodes.Where(n => n.Kind == C4Kinds.Container && LooksLikeService(n)))
        {
            if (services.Any(s => Matches(s, node)))
                continue;
            var words = Words(node.Id).Concat(Words(node.Name)).ToHashSet(StringComparer.Ordinal);
            var candidates = services.Where(s => Words(s.Id).Concat(Words(s.Title)).Any(words.Contains)).ToList();
            if (candidates.Count == 0)
                candidates = services;
            var hint = candidates.Count == 0
                ? "No services are defined in contexts/services"
                : "Candidate service ids: " + string.Join(", ", candidates.Select(s => s.Id));
            yield return new C4Warning(block.File, block.Index, block.DeclaredAt.GetValueOrDefault(node.Id), node.Id,
                $"Container {node.Id} (\"{node.Name}\") looks like a service but matches no service in contexts/services", hint);
        }
    }

    static bool LooksLikeService(C4Node node) =>
        node.Id.EndsWith("-svc", StringComparison.OrdinalIgnoreCase)
        || node.Id.Contains("service", StringComparison.OrdinalIgnoreCase)
        || node.Name.Contains("service", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Same id, the <c>svc-</c> id a service of that name would get, the same name (case aside), or the same
    /// distinctive words in the ids (<c>billing-svc</c> is <c>svc-billing-api</c>).
    /// </summary>
    static bool Matches(EntityRecord service, C4Node node) =>
        service.Id.Equals(node.Id, StringComparison.OrdinalIgnoreCase)
        || (Words(node.Id).ToHashSet(StringComparer.Ordinal) is { Count: > 0 } words && words.SetEquals(Words(service.Id)))
        || service.Id.Equals("svc-" + Slug(node.Name), StringComparison.OrdinalIgnoreCase)
        || service.Id.Equals(Slug(node.Name), StringComparison.OrdinalIgnoreCase)
        || service.Title.Equals(node.Name, StringComparison.OrdinalIgnoreCase);

    // Words that every service shares say nothing about which one is meant.
    static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal) { "svc", "service", "services", "api", "app" };

    static IEnumerable<string> Words(string text) =>
        NonWord().Split(text.ToLowerInvariant()).Where(w => w.Length > 1 && !CommonWords.Contains(w));

    static string Slug(string text) => NonWord().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
