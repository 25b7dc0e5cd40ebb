using ContextKit.Domain.Repositories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContextKit.Api.Security;

/// <summary>Who may call a route or hub method at all, before any repository role is looked at.</summary>
public enum AccessKind
{
    /// <summary>Anyone, signed in or not (sign-in, registration, health, static assets, pages that redirect by themselves).</summary>
    Public,

    /// <summary>A signed-in caller acting on their own account or their own list of repositories.</summary>
    Account,

    /// <summary>A member of the repository named by the <c>{repo}</c> route value (or hub argument) with at least <see cref="AccessPolicyAttribute.Role"/>.</summary>
    Repository,
}

/// <summary>
/// The access policy of one route or hub method: the metadata the one policy layer (<see cref="AccessPolicyFilter"/>
/// for routes, <see cref="Hubs.HubAccessFilter"/> for hub methods) enforces, and that the route × role matrix test
/// reads. Every route carries exactly one (the most specific wins); a route without one is refused with 403.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class AccessPolicyAttribute : Attribute
{
    /// <summary>A repository route: members with at least <paramref name="role"/>; roles above viewer also need a write-scoped token.</summary>
    public AccessPolicyAttribute(RepositoryRole role)
    {
        Kind = AccessKind.Repository;
        Role = role;
        Writes = role > RepositoryRole.Viewer;
    }

    /// <summary>A public or account route; <paramref name="writes"/> refuses read-only personal access tokens.</summary>
    public AccessPolicyAttribute(AccessKind kind, bool writes = false)
    {
        if (kind == AccessKind.Repository)
            throw new ArgumentException("Repository policies name a role.", nameof(kind));
        Kind = kind;
        Writes = writes;
    }

    public AccessKind Kind { get; }

    /// <summary>The least role a member needs (repository policies only).</summary>
    public RepositoryRole? Role { get; }

    /// <summary>True when the route changes something: read-only personal access tokens are refused.</summary>
    public bool Writes { get; }

    public override string ToString() => Kind == AccessKind.Repository ? $"repository:{Role}" : Writes ? $"{Kind}:write" : Kind.ToString();
}

/// <summary>
/// How routes declare their policy: one call per route group (or per route, which wins over its group). For example
/// <c>api.MapGroup("/repos/{repo}/pulls").RequireRepositoryRole(RepositoryRole.Viewer)</c>, then
/// <c>.RequireRepositoryRole(RepositoryRole.Editor)</c> on the routes that write.
/// </summary>
public static class AccessPolicyExtensions
{
    /// <summary>Members of the <c>{repo}</c> route value with at least <paramref name="role"/>.</summary>
    public static TBuilder RequireRepositoryRole<TBuilder>(this TBuilder builder, RepositoryRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessPolicyAttribute(role)).RequireAuthorization();

    /// <summary>Any signed-in caller, on their own account; <paramref name="writes"/> refuses read-only tokens.</summary>
    public static TBuilder RequireSignedInAccount<TBuilder>(this TBuilder builder, bool writes = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessPolicyAttribute(AccessKind.Account, writes)).RequireAuthorization();

    /// <summary>Anyone, without signing in.</summary>
    public static TBuilder AllowPublicAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessPolicyAttribute(AccessKind.Public)).AllowAnonymous();
}
