using ContextKit.Domain.Entities;
using ContextKit.Domain.Validation;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Repository.Validation;
using ContextKit.Web.Services;

namespace ContextKit.Web.Components.Pages.Repository.Entities;

/// <summary>
/// A branch's entities and its validation, loaded together so the entity tree, its error badges and the Validation
/// panel always agree. The repository page reloads it when the change feed says files or validation changed.
/// </summary>
public sealed record ContextOverview(IReadOnlyList<EntitySummary> Entities, ValidationReport Report, IReadOnlyList<ValidationEntry> Entries)
{
    public IReadOnlyDictionary<string, int> ErrorCounts { get; } = ValidationEntry.ErrorCounts(Entries);

    public int Warnings => Entries.Count(e => !e.IsError);

    /// <summary>Loads both; cross-reference findings get the line of the reference in its file (the report names only the entity).</summary>
    public static async Task<ContextOverview> Load(RepositoryBranch at, EntityService entities, ContextEngineService engine)
    {
        var list = entities.List(at);
        var report = engine.Validate(at);
        var summaries = await list;
        var fileOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entity in summaries)
            fileOf.TryAdd(entity.Id, entity.Path);
        var entries = ValidationEntry.From(await report, fileOf).ToList();
        await AddLines(at, entities, entries);
        return new ContextOverview(summaries, await report, entries);
    }

    /// <summary>The entity types in type order (governance first), each with its entities in path order.</summary>
    public IEnumerable<(EntityType Type, IReadOnlyList<EntitySummary> Entities)> ByType(Func<EntitySummary, bool>? keep = null)
    {
        foreach (var type in EntityType.All)
        {
            var ofType = Entities.Where(e => e.Type == type.Name && (keep?.Invoke(e) ?? true)).ToList();
            if (ofType.Count > 0)
                yield return (type, ofType);
        }
    }

    // Reads each file at most once; a file that went away in the meantime keeps its findings without a line.
    static async Task AddLines(RepositoryBranch at, EntityService entities, List<ValidationEntry> entries)
    {
        var yamlOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Line is not null || entry.File is null || entry.Entity is null || entry.Field is null)
                continue;
            if (!yamlOf.TryGetValue(entry.Entity, out var yaml))
            {
                try
                {
                    yaml = (await entities.Get(at, entry.Entity)).Yaml;
                }
                catch (NotFoundException)
                {
                    yaml = null;
                }
                yamlOf[entry.Entity] = yaml;
            }
            if (yaml is not null)
                entries[i] = entry with { Line = YamlLines.Find(yaml, entry.Field, entry.Reference) };
        }
    }
}
