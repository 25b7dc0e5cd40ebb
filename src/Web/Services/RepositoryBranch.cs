namespace ContextKit.Web.Services;

/// <summary>One branch of one repository: what the repository page works on.</summary>
public sealed record RepositoryBranch(string RepositoryId, string Branch);
