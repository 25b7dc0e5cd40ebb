using ContextKit.Domain.Paths;

namespace ContextKit.Domain.Validation;

/// <summary>The entity types in type order, and the folder each one lives in (context-repo-format §1, §3).</summary>
public static class EntityFolders
{
    public static IReadOnlyList<(string Type, RepoPath Folder)> All { get; } =
    [
        ("feature", RepoPath.Parse("contexts/features")),
        ("userstory", RepoPath.Parse("contexts/userstories")),
        ("spec", RepoPath.Parse("contexts/specs")),
        ("task", RepoPath.Parse("contexts/tasks")),
        ("service", RepoPath.Parse("contexts/services")),
        ("package", RepoPath.Parse("contexts/packages")),
    ];

    public static RepoPath Governance { get; } = RepoPath.Parse("contexts/governance");

    public static bool IsYaml(RepoPath path) =>
        path.Value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.Value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
