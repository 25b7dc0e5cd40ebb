using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;

namespace ContextKit.Api.Repositories;

/// <summary>The repositories a person belongs to, and making new ones: shared by the REST API and the UI.</summary>
public sealed class RepositoryCatalog(IGrainFactory grains)
{
    /// <summary>The repositories <paramref name="userId"/> belongs to, most recently updated first.</summary>
    public async Task<IReadOnlyList<RepositoryInfo>> ListFor(string userId)
    {
        var ids = await grains.GetGrain<IUserGrain>(userId).GetRepositories();
        var infos = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return await grains.GetGrain<IRepositoryGrain>(id).Get(userId);
            }
            catch (NotFoundException)
            {
                return null; // removed from the repository since; the user's index catches up lazily
            }
        }));
        return infos.OfType<RepositoryInfo>().OrderByDescending(r => r.UpdatedAt).ToList();
    }

    /// <summary>Creates a repository owned by <paramref name="owner"/>; <see cref="BadRequestException"/> when the name is not usable.</summary>
    public async Task<RepositoryInfo> Create(string? name, string? description, RepositoryTemplate template, Actor owner)
    {
        if (RepositoryNames.CheckName(name) is { } problem)
            throw new BadRequestException(problem);
        var trimmed = name!.Trim();
        return await grains.GetGrain<IRepositoryGrain>(RepositoryNames.NewId(trimmed))
            .Create(trimmed, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), template, owner);
    }
}
