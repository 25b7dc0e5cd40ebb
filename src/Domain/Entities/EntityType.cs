using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Entities;

/// <summary>
/// The entity types of a context repository, in type order (governance first), each with its folder
/// and the id pattern its schema declares (context-repo-format §1, §3).
/// </summary>
public sealed record EntityType(string Name, string FolderName, string? IdPattern, string Label)
{
    public static EntityType Governance { get; } = new("governance", "contexts/governance", "^[A-Z0-9][A-Z0-9-]{2,}$", "constitution");
    public static EntityType Feature { get; } = new("feature", "contexts/features", "^FEAT-[0-9]{3,}$", "feature");
    public static EntityType UserStory { get; } = new("userstory", "contexts/userstories", "^US-[0-9]{3,}$", "user story");
    public static EntityType Spec { get; } = new("spec", "contexts/specs", "^SPEC-[0-9]{3,}$", "spec");
    public static EntityType Task { get; } = new("task", "contexts/tasks", "^T-[0-9]{3,}$", "task");
    public static EntityType Service { get; } = new("service", "contexts/services", null, "service");
    public static EntityType Package { get; } = new("package", "contexts/packages", null, "package");

    /// <summary>The six entity types whose files are discovered in their folders, in type order.</summary>
    public static IReadOnlyList<EntityType> Entities { get; } = [Feature, UserStory, Spec, Task, Service, Package];

    /// <summary>All seven types in type order: governance, then the six entity types.</summary>
    public static IReadOnlyList<EntityType> All { get; } = [Governance, .. Entities];

    public RepoPath Folder => RepoPath.Parse(FolderName);

    /// <summary>Position in type order, for sorting.</summary>
    public int Order => Name switch
    {
        "governance" => 0, "feature" => 1, "userstory" => 2, "spec" => 3, "task" => 4, "service" => 5, "package" => 6,
        _ => int.MaxValue,
    };

    public static EntityType? Named(string? name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>The entity type whose folder holds <paramref name="path"/>, if any (governance excluded).</summary>
    public static EntityType? OfPath(RepoPath path) => Entities.FirstOrDefault(t => path.IsUnder(t.Folder) && path != t.Folder);

    public override string ToString() => Name;
}
