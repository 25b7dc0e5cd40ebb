using ContextKit.Domain.Entities;

namespace ContextKit.Domain.Impact;

/// <summary>
/// The gentle advice impact adds about each changed and impacted entity (context-repo-format §7 "Insights"):
/// links and metadata an entity of its type usually has but this one lacks. Tasks and the constitution get none.
/// </summary>
public static class ImpactInsights
{
    sealed record Check(EntityType Type, FieldPath Field, string Message, string SuggestedAction);

    static readonly Check[] Checks =
    [
        new(EntityType.Feature, FieldPath.Parse("userStories"), "Feature has no linked user stories", "Link user stories that describe the outcomes for this feature"),
        new(EntityType.Feature, FieldPath.Parse("specs"), "Feature has no linked specs", "Link specifications that define how to implement this feature"),
        new(EntityType.Feature, FieldPath.Parse("tasks"), "Feature has no linked tasks", "Create tasks to plan the implementation for this feature"),
        new(EntityType.UserStory, FieldPath.Parse("acceptanceCriteria"), "User story has no acceptance criteria", "Add 2–5 acceptance criteria to make the story testable"),
        new(EntityType.UserStory, FieldPath.Parse("feature"), "User story is not linked to a feature", "Link this story to its parent feature"),
        new(EntityType.Spec, FieldPath.Parse("related.features"), "Spec is not linked to any feature", "Link this spec to one or more features it supports"),
        new(EntityType.Service, FieldPath.Parse("api.version"), "Service is missing API version metadata", "Add api.version to document the current contract version"),
        new(EntityType.Service, FieldPath.Parse("consumers"), "Service has no declared consumers", "Link packages or services that consume this service to improve visibility"),
        new(EntityType.Package, FieldPath.Parse("uses.services"), "Package has no linked services", "Link services this package depends on for clarity"),
    ];

    /// <summary>
    /// The insights for one entity, in table order. "No X" reads as §5.2 <c>exists</c> failing on the field, so
    /// an empty list, an empty string or a null counts as having none.
    /// </summary>
    public static IEnumerable<ImpactIssue> For(EntityRecord entity) =>
        Checks.Where(c => c.Type == entity.Type && !JsonEquality.Exists(c.Field.Read(entity.Data)))
            .Select(c => new ImpactIssue
            {
                Id = entity.Id,
                Type = ImpactIssue.Insight,
                Severity = "info",
                Message = c.Message,
                SuggestedAction = c.SuggestedAction,
            });
}
