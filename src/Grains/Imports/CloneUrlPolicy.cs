using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Imports;

/// <summary>
/// Which clone URLs the server will fetch: http(s) when allowed, file:// only below configured folders,
/// nothing else (no ssh, no git's ext:: transport, no local paths without a scheme).
/// </summary>
public static class CloneUrlPolicy
{
    /// <summary>Returns the URL to hand to git, or throws <see cref="BadRequestException"/> saying why not.</summary>
    public static string Check(string? url, ImportLimits limits)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw new BadRequestException("Give the clone URL as an absolute http(s):// or file:// URL.");
        if (uri.UserInfo.Length > 0)
            throw new BadRequestException("Put no credentials in the clone URL.");
        switch (uri.Scheme)
        {
            case "https" or "http" when limits.AllowHttpUrls:
                return uri.AbsoluteUri;
            case "file":
                var local = Path.GetFullPath(uri.LocalPath);
                var allowed = limits.FileUrlRoots.Select(r => Path.GetFullPath(r).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar);
                if (!allowed.Any(root => (local + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal)))
                    throw new BadRequestException("Cloning from this file:// location is not allowed on this server.");
                return uri.AbsoluteUri;
            default:
                throw new BadRequestException($"Clone URLs must use https:// or http:// (or an allowed file:// location), not {uri.Scheme}://.");
        }
    }
}
