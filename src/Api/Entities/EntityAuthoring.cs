using System.Text.Json.Nodes;
using ContextKit.Api.Repositories;
using ContextKit.Domain.Entities;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Entities;

/// <summary>
/// Creating an entity, shared by the REST API and the UI: the repository grain allocates the id (unless the
/// caller chose one), then the branch's workspace writes the file. The two steps are separate calls because
/// allocation asks every branch's workspace for its ids, and a workspace must never wait on its repository.
/// </summary>
public sealed class EntityAuthoring(IGrainFactory grains)
{
    /// <summary>Creates an entity on the scope's branch; the caller has checked the editor role.</summary>
    public async Task<EntityWriteResult> Create(RepositoryScope scope, EntityType type, JsonObject data, string? template)
    {
        if (type == EntityType.Governance)
            throw new BadRequestException("The constitution is not created as an entity; write contexts/governance/constitution.yaml.");
        var id = data["id"] is JsonValue chosen && chosen.TryGetValue<string>(out var given) && given.Length > 0
            ? given
            : await grains.GetGrain<IRepositoryGrain>(scope.Repository.Id).AllocateEntityId(type.Name, NameOf(data));
        return await scope.Workspace.CreateEntity(type.Name, id, data.ToJsonString(), string.IsNullOrEmpty(template) ? null : template, scope.Actor);
    }

    static string? NameOf(JsonObject data) =>
        (data["name"] ?? data["title"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
