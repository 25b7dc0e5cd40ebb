namespace ContextKit.Domain.Repositories;

/// <summary>What a member may do in a repository; each role includes the ones below it.</summary>
public enum RepositoryRole
{
    /// <summary>Read everything, ask read-only questions.</summary>
    Viewer = 1,

    /// <summary>Write files, commit, branch, merge unprotected branches.</summary>
    Editor = 2,

    /// <summary>Members, settings, protection, delete.</summary>
    Owner = 3,
}
