using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;

namespace ContextKit.Domain.Editing;

/// <summary>The key order new entity files are written in: the <c>properties</c> order of the type's schema (repo's, else built-in).</summary>
public static class EntitySchemaOrder
{
    public static IReadOnlyList<string> For(IRepositorySnapshot snapshot, EntityType type)
    {
        var name = type == EntityType.Governance ? "constitution" : type.Name;
        var path = RepoPath.Parse($".context/schemas/{name}.schema.json");
        var text = snapshot.ReadText(path) ?? BuiltIn(path);
        try
        {
            return text is null ? [] : SchemaPropertyOrder.Read(JsonNode.Parse(text));
        }
        catch (System.Text.Json.JsonException)
        {
            // A broken repository schema is validation's finding; writing falls back to the data's own order.
            return [];
        }
    }

    static string? BuiltIn(RepoPath path) =>
        RepositoryTemplates.Files(RepositoryTemplate.Empty).FirstOrDefault(f => f.Path == path.Value) is { } file
            ? Encoding.UTF8.GetString(file.Content)
            : null;
}
