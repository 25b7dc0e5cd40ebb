using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Api.Entities;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>
/// The entities of a branch for the entity views: listing, reading, creating (with an id the repository
/// allocates, as <c>POST /api/repos/{repo}/entities</c> does), saving through the form and the schemas the
/// form is built from. Every call checks the user's role through <see cref="RepositoryAccess"/> first.
/// </summary>
public sealed class EntityService(RepositoryAccess access, CurrentUser user, EntityAuthoring authoring, UiAudit audit)
{
    public async Task<IReadOnlyList<EntitySummary>> List(RepositoryBranch at, EntityQuery? query = null) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.ListEntities(query ?? new EntityQuery(null, null, null));

    /// <summary>One entity; <see cref="NotFoundException"/> when no entity has the id.</summary>
    public async Task<EntityDocument> Get(RepositoryBranch at, string id) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetEntity(id);

    public async Task<EntityTemplates> Templates(RepositoryBranch at) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetEntityTemplates();

    /// <summary>
    /// Creates an entity of <paramref name="type"/> named <paramref name="name"/> (its title, or its name for
    /// services and packages), optionally from a builder template. The repository allocates the id.
    /// </summary>
    public async Task<EntityWriteResult> Create(RepositoryBranch at, string type, string name, string? template)
    {
        if (EntityType.Named(type) is not { } entityType || entityType == EntityType.Governance)
            throw new BadRequestException($"Choose the entity's type: one of {string.Join(", ", EntityType.Entities.Select(t => t.Label))}.");
        if (string.IsNullOrWhiteSpace(name))
            throw new BadRequestException("Give the entity a title.");
        var scope = await Require(at, RepositoryRole.Editor);
        var created = await authoring.Create(scope, entityType, new JsonObject { [NameField(entityType)] = name.Trim() }, template);
        await audit.Record(scope, "entities.post", WorkspaceService.Target(created.Id, scope));
        return created;
    }

    /// <summary>The field that names an entity of this type: services and packages have a name, the others a title.</summary>
    public static string NameField(EntityType type) => type == EntityType.Service || type == EntityType.Package ? "name" : "title";

    /// <summary>
    /// Saves the entity's data; only the fields that differ from the file are rewritten. A stale
    /// <paramref name="etag"/> fails with <see cref="RevisionConflictException"/> and writes nothing.
    /// </summary>
    public async Task<EntityWriteResult> Update(RepositoryBranch at, string id, JsonObject data, string etag)
    {
        var scope = await Require(at, RepositoryRole.Editor);
        var updated = await scope.Workspace.UpdateEntity(id, data.ToJsonString(), etag, scope.Actor);
        await audit.Record(scope, "entities.put", WorkspaceService.Target(id, scope));
        return updated;
    }

    public async Task Delete(RepositoryBranch at, string id, string etag)
    {
        var scope = await Require(at, RepositoryRole.Editor);
        await scope.Workspace.DeleteEntity(id, etag, scope.Actor);
        await audit.Record(scope, "entities.delete", WorkspaceService.Target(id, scope));
    }

    /// <summary>
    /// The JSON Schema of an entity type as this branch defines it (<c>.context/schemas/&lt;type&gt;.schema.json</c>),
    /// else the built-in one, as validation does (§3). <c>FromRepository</c> is false when the built-in one is used.
    /// </summary>
    public async Task<(JsonObject Schema, bool FromRepository)> Schema(RepositoryBranch at, string type)
    {
        var workspace = (await Require(at, RepositoryRole.Viewer)).Workspace;
        var path = $".context/schemas/{type}.schema.json";
        try
        {
            var file = await workspace.ReadFile(path);
            if (JsonNode.Parse(file.Content) is JsonObject schema)
                return (schema, true);
        }
        catch (NotFoundException)
        {
        }
        catch (JsonException)
        {
            // Validation reports an unreadable schema; the form still needs one to show the fields.
        }
        return (BuiltInSchema(type), false);
    }

    static JsonObject BuiltInSchema(string type)
    {
        var path = $".context/schemas/{type}.schema.json";
        var file = RepositoryTemplates.Files(RepositoryTemplate.Empty).FirstOrDefault(f => f.Path == path);
        return file is not null && JsonNode.Parse(Encoding.UTF8.GetString(file.Content)) is JsonObject schema ? schema : new JsonObject();
    }

    async Task<RepositoryScope> Require(RepositoryBranch at, RepositoryRole role) =>
        await access.Require(await user.Principal(), at.RepositoryId, role, at.Branch);
}
