using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ContextKit.Api.Audit;

/// <summary>
/// Names audited REST calls from their route: the literal segments after <c>/api/repos/{repo}</c> (or <c>/api</c>) and
/// the method, e.g. <c>files.put</c>, <c>git.commit.post</c>, <c>members.delete</c>, <c>repository.patch</c>; the
/// target is the route's other values (path, branch name, email, id) and the <c>branch</c> query.
/// </summary>
public static class AuditActions
{
    public static string NameOf(RouteEndpoint route, string method)
    {
        var literals = route.RoutePattern.PathSegments
            .Where(s => s.Parts is [RoutePatternLiteralPart])
            .Select(s => ((RoutePatternLiteralPart)s.Parts[0]).Content)
            .ToList();
        var start = literals is ["api", "repos", ..] && route.RoutePattern.GetParameter("repo") is not null ? 2 : literals is ["api", ..] ? 1 : 0;
        var rest = literals.Skip(start).ToList();
        return (rest.Count == 0 ? "repository" : string.Join('.', rest)) + "." + method.ToLowerInvariant();
    }

    public static string? TargetOf(HttpContext http)
    {
        var parts = http.Request.RouteValues
            .Where(v => v.Key != "repo" && v.Value is string { Length: > 0 })
            .Select(v => (string)v.Value!)
            .ToList();
        if (http.Request.Query["branch"].FirstOrDefault() is { Length: > 0 } branch)
            parts.Add("branch=" + branch);
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
