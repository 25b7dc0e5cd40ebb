using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Repositories;

namespace ContextKit.Domain.Builder;

/// <summary>
/// Where a new entity is created (context-repo-format §12 "Create"): <c>contexts/&lt;folder&gt;/&lt;id&gt;-&lt;slug&gt;.yaml</c>,
/// the slug being the lower-case title with every run of other characters as one dash, trimmed, at most 40
/// characters; <c>&lt;id&gt;.yaml</c> without a title.
/// </summary>
public static class EntityFileNames
{
    public const int SlugLength = 40;

    public static RepoPath PathFor(EntityType type, string id, string? title)
    {
        if (type == EntityType.Governance)
            throw new ArgumentException("The constitution has a fixed path.", nameof(type));
        if (id.Length == 0 || id[0] == '.' || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException($"'{id}' cannot be used in a file name.", nameof(id));
        var slug = TitleSlug(title);
        return RepoPath.Parse($"{type.FolderName}/{id}{(slug.Length == 0 ? "" : "-" + slug)}.yaml");
    }

    public static string TitleSlug(string? title) => RepositoryNames.Slug(title ?? "", SlugLength);
}
