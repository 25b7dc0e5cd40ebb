using System.Globalization;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;

namespace ContextKit.Domain.Impact;

/// <summary>
/// Impact analysis (context-repo-format §7): what changed in the requested entities since a base commit,
/// which entities are within reach of them in the graph, which of those the consistency rules flag for
/// review, and insights on all of them. Pure: it reads two indexes and writes nothing.
/// </summary>
public static class ImpactAnalysis
{
    /// <summary>
    /// Runs an analysis. <paramref name="now"/> is the graph of the branch's working copy;
    /// <paramref name="baseIndex"/> is the index of the base commit's tree, null for a repository without
    /// commits (every id is then new), and <paramref name="baseCommit"/> the commit it was resolved to.
    /// </summary>
    /// <exception cref="InvalidImpactRequestException">No ids, a blank id, or a depth outside 1–5.</exception>
    public static ImpactReport Run(ImpactRequest request, ContextGraph now, ContextIndex? baseIndex, string? baseCommit, ImpactRules rules)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var requested = request.Ids.Distinct(StringComparer.Ordinal).ToList();
        var changedIds = requested.ToHashSet(StringComparer.Ordinal);

        var entities = new Dictionary<string, ChangedEntity>(StringComparer.Ordinal);
        foreach (var id in requested)
        {
            var current = now.Record(id);
            // Found by id in the same type folder, so a renamed file is the same entity.
            var atBase = baseIndex is null ? null : FindIn(baseIndex, id);
            if (current is not null && atBase is not null && atBase.Type != current.Type)
                atBase = null;
            if (current is not null || atBase is not null)
                entities[id] = new ChangedEntity(id, current, atBase, StructuralDiff.Compare(atBase?.Data, current?.Data));
        }

        var graph = ImpactGraph.Create(now, entities.Values.Where(e => e.Now is null).ToList(), baseIndex);
        var reached = GraphTraversal.BreadthFirst(requested.Where(entities.ContainsKey), request.Depth, graph.Adjacent).ToList();
        var reachedIds = reached.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var issues = new List<ImpactIssue>();
        var stale = new List<string>();
        var staleSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in requested)
        {
            if (!entities.TryGetValue(id, out var entity))
            {
                issues.Add(new ImpactIssue { Id = id, Type = ImpactIssue.NotFound, Message = $"Entity {id} does not exist", Severity = "error" });
                continue;
            }
            foreach (var rule in rules.Rules)
            {
                if (Match(rule, entity) is not { } match)
                    continue;
                foreach (var target in Targets(rule, entity, graph, changedIds))
                {
                    issues.Add(Issue(rule, entity, match, target.Id));
                    if (staleSet.Add(target.Id))
                        stale.Add(target.Id);
                    // A story's rule reaches the tasks and specs of its feature even when depth 1 stops short of them.
                    if (target.Via is { } path && reachedIds.Add(target.Id))
                        reached.Add(new ReachedEntity(target.Id, path.Count - 1, path));
                }
            }
        }

        var impacted = reached.OrderBy(r => r.Distance).ToList();
        // Insights describe entities as they are now, so a deleted one has none.
        var insightSubjects = requested.Where(entities.ContainsKey).Select(id => entities[id].Now).OfType<EntityRecord>()
            .Concat(impacted.Select(r => graph.Record(r.Id)!));
        foreach (var subject in insightSubjects)
            issues.AddRange(ImpactInsights.For(subject));

        var impactedEntities = impacted.Select(r =>
        {
            var record = graph.Record(r.Id)!;
            return new ImpactedEntity(r.Id, record.Type.Name, record.Text("title") ?? record.Text("name"), record.Status,
                staleSet.Contains(r.Id), r.Distance, r.Path);
        }).ToList();
        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var issue in issues)
            byType[issue.Type] = byType.GetValueOrDefault(issue.Type) + 1;

        return new ImpactReport(
            requested,
            impacted.Select(r => r.Id).ToList(),
            stale,
            issues,
            new ImpactStats(requested.Count, impacted.Count, stale.Count, issues.Count, byType),
            impactedEntities,
            request.Depth,
            baseCommit,
            rules.Warnings);
    }

    /// <summary>The entity with <paramref name="id"/> in an index, the constitution included.</summary>
    static EntityRecord? FindIn(ContextIndex index, string id) =>
        index.Find(id) ?? (index.Constitution?.Record is { } constitution && constitution.Id == id ? constitution : null);

    /// <summary>An entity named in the request, as it is now and at base (either may be absent), and what differs.</summary>
    sealed record ChangedEntity(string Id, EntityRecord? Now, EntityRecord? AtBase, IReadOnlyList<FieldChange> Changes)
    {
        public EntityRecord Record => Now ?? AtBase!;

        /// <summary>Identical to base: the question is "what if it changed?", so field conditions do not filter.</summary>
        public bool WhatIf => Changes.Count == 0;
    }

    /// <summary>Why a rule applies: the changes under its matched fields and the top-level names of those fields.</summary>
    sealed record RuleMatch(IReadOnlyList<FieldChange> Changes, IReadOnlyCollection<string> TopFields);

    /// <summary>§7.1 conditions 1–4; null when the rule does not apply to <paramref name="entity"/>.</summary>
    static RuleMatch? Match(ImpactRule rule, ChangedEntity entity)
    {
        var when = rule.When;
        if (when.Entity is { } type && type != entity.Record.Type.Name)
            return null;
        var before = entity.AtBase?.Data;
        var after = entity.Now?.Data;

        if (entity.WhatIf)
        {
            if (when.HasNewValue && !when.FieldChanged.Any(p => JsonEquality.ScalarEquals(p.Read(after), when.NewValue)))
                return null;
            return new RuleMatch([], []);
        }

        // The matched fields: the listed paths whose value differs, or, with none listed, every changed leaf.
        List<IReadOnlyList<object>> matched;
        List<Lookup> currentValues;
        if (when.FieldChanged.Count == 0)
        {
            matched = entity.Changes.Select(c => c.Location).ToList();
            currentValues = matched.Select(l => Lookup.At(after, l)).ToList();
        }
        else
        {
            var differing = when.FieldChanged.Where(p => !JsonEquality.DeepEquals(p.Read(before), p.Read(after))).ToList();
            matched = differing.Select(p => p.Location).ToList();
            currentValues = differing.Select(p => p.Read(after)).ToList();
        }
        if (matched.Count == 0)
            return null;
        if (when.HasNewValue && !currentValues.Any(v => JsonEquality.ScalarEquals(v, when.NewValue)))
            return null;

        var changes = entity.Changes.Where(c => matched.Any(m => Related(m, c.Location))).ToList();
        if (when.ChangeType is FieldChange.Added or FieldChange.Removed or FieldChange.Modified
            && !changes.Any(c => c.ChangeType == when.ChangeType))
            return null;
        var topFields = matched.Where(m => m.Count > 0 && m[0] is string).Select(m => (string)m[0]).ToHashSet(StringComparer.Ordinal);
        return new RuleMatch(changes, topFields);
    }

    /// <summary>
    /// A change lies under a matched field when one location is a prefix of the other: below it (an edited
    /// list item under <c>acceptanceCriteria</c>) or above it (the whole <c>api</c> map replaced by a string).
    /// </summary>
    static bool Related(IReadOnlyList<object> a, IReadOnlyList<object> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            if (!Same(a[i], b[i]))
                return false;
        return true;

        // A rule path's `steps.0` is the diff's `steps[0]`.
        static bool Same(object x, object y) => x.Equals(y)
            || (x is string s && y is int n && s == n.ToString(CultureInfo.InvariantCulture))
            || (x is int m && y is string t && t == m.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A rule target, with the way to it when it lies beyond the direct neighbours.</summary>
    readonly record struct Target(string Id, IReadOnlyList<string>? Via);

    /// <summary>
    /// §7.1 "Targets": the direct neighbours, and for a user story also the tasks and specs of each feature that
    /// has it as a story; filtered by <c>markRelated.types</c> and <c>rel</c>; changed entities are never targets.
    /// </summary>
    static IEnumerable<Target> Targets(ImpactRule rule, ChangedEntity entity, ImpactGraph graph, HashSet<string> changedIds)
    {
        var candidates = graph.Adjacent(entity.Id).Select(id => new Target(id, null)).ToList();
        if (entity.Record.Type == EntityType.UserStory)
        {
            var seen = candidates.Select(c => c.Id).Append(entity.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var feature in graph.EdgesOf(entity.Id).Where(e => e.Rel == GraphRels.HasStory && e.To == entity.Id).Select(e => e.From))
                foreach (var edge in graph.EdgesOf(feature))
                    if (edge.From == feature && edge.Rel is GraphRels.HasTask or GraphRels.HasSpec && seen.Add(edge.To))
                        candidates.Add(new Target(edge.To, [entity.Id, feature, edge.To]));
        }

        var mark = rule.Then;
        var edges = graph.EdgesOf(entity.Id);
        foreach (var candidate in candidates)
        {
            if (changedIds.Contains(candidate.Id))
                continue;
            if (mark.Types is { } types && !types.Contains(graph.Record(candidate.Id)!.Type.Name))
                continue;
            if (mark.Rel is { } rel && !edges.Any(e => Joins(e, rel, entity.Id, candidate.Id)))
                continue;
            yield return candidate;
        }
    }

    // `consumers` is not an edge rel: it names the entities with a `uses` edge pointing to the changed one,
    // whether a package declared it in uses.services or the service listed it in consumers.
    static bool Joins(GraphEdge edge, string rel, string changed, string candidate) => rel == "consumers"
        ? edge.Rel == GraphRels.Uses && edge.From == candidate && edge.To == changed
        : edge.Rel == rel && ((edge.From == changed && edge.To == candidate) || (edge.From == candidate && edge.To == changed));

    static ImpactIssue Issue(ImpactRule rule, ChangedEntity entity, RuleMatch match, string target)
    {
        var record = entity.Record;
        return new ImpactIssue
        {
            Id = target,
            Type = rule.Then.Status ?? "needs-review",
            Message = entity.WhatIf
                ? $"{record.Type.Name} {entity.Id} changed"
                : $"{record.Type.Name} {entity.Id}: {string.Join("; ", match.Changes.Select(c => c.Describe()))}",
            Reason = rule.Then.Reason ?? rule.Description,
            SuggestedAction = rule.Then.SuggestedAction ?? ImpactRules.BuiltInSuggestedAction(rule.Id, match.TopFields) ?? "",
            Severity = rule.Severity ?? "warning",
            RuleId = rule.Id,
            SourceEntity = new SourceEntity(entity.Id, record.Type.Name, record.Title),
            HasGitDiff = !entity.WhatIf,
            Changes = entity.WhatIf ? null : match.Changes,
        };
    }

    /// <summary>
    /// The graph impact walks: the current graph, plus for each deleted entity its base edges to entities that
    /// still exist ("relations taken from base"), so a deletion reaches what it used to touch.
    /// </summary>
    sealed class ImpactGraph
    {
        readonly ContextGraph now;
        readonly Dictionary<string, List<GraphEdge>> extra = new(StringComparer.Ordinal);
        readonly Dictionary<string, EntityRecord> deleted = new(StringComparer.Ordinal);

        ImpactGraph(ContextGraph now) => this.now = now;

        public static ImpactGraph Create(ContextGraph now, IReadOnlyList<ChangedEntity> deletedEntities, ContextIndex? baseIndex)
        {
            var graph = new ImpactGraph(now);
            if (deletedEntities.Count == 0 || baseIndex is null)
                return graph;
            var atBase = ContextGraph.Build(baseIndex);
            foreach (var entity in deletedEntities)
            {
                graph.deleted[entity.Id] = entity.AtBase!;
                foreach (var edge in atBase.EdgesOf(entity.Id))
                {
                    var other = edge.From == entity.Id ? edge.To : edge.From;
                    if (other == entity.Id || !now.Contains(other))
                        continue;
                    graph.Extra(entity.Id).Add(edge);
                    graph.Extra(other).Add(edge);
                }
            }
            return graph;
        }

        List<GraphEdge> Extra(string id) => extra.TryGetValue(id, out var list) ? list : extra[id] = [];

        public EntityRecord? Record(string id) => now.Record(id) ?? deleted.GetValueOrDefault(id);

        public IReadOnlyList<GraphEdge> EdgesOf(string id) =>
            extra.TryGetValue(id, out var more) ? [.. now.EdgesOf(id), .. more] : now.EdgesOf(id);

        public IEnumerable<string> Adjacent(string id)
        {
            if (!extra.ContainsKey(id))
                return now.AdjacentIds(id);
            return EdgesOf(id).Select(e => e.From == id ? e.To : e.From).Where(other => other != id).Distinct(StringComparer.Ordinal);
        }
    }
}
