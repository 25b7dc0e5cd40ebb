using ContextKit.Domain.Entities;
using MudBlazor;

namespace ContextKit.Web.Components.Shared;

/// <summary>How entity types look throughout the UI: an icon each and their names in the plural.</summary>
public static class EntityLook
{
    public static string IconOf(string type) => type switch
    {
        "governance" => Icons.Material.Outlined.Gavel,
        "feature" => Icons.Material.Outlined.Star,
        "userstory" => Icons.Material.Outlined.Person,
        "spec" => Icons.Material.Outlined.Description,
        "task" => Icons.Material.Outlined.TaskAlt,
        "service" => Icons.Material.Outlined.Dns,
        "package" => Icons.Material.Outlined.Inventory2,
        _ => Icons.Material.Outlined.InsertDriveFile,
    };

    /// <summary>The colour of the type's nodes in the graph (and of its swatch in the type filter).</summary>
    public static string ColourOf(string type) => type switch
    {
        "governance" => "#6d4c41",
        "feature" => "#3f51b5",
        "userstory" => "#00897b",
        "spec" => "#8e24aa",
        "task" => "#7cb342",
        "service" => "#1e88e5",
        "package" => "#546e7a",
        _ => "#9e9e9e",
    };

    public static string PluralOf(EntityType type) => type.Name switch
    {
        "governance" => "Governance",
        "userstory" => "User stories",
        _ => char.ToUpperInvariant(type.Label[0]) + type.Label[1..] + "s",
    };

    public static string LabelOf(string type) => EntityType.Named(type)?.Label ?? type;
}
