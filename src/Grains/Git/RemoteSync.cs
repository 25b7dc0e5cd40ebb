using System.Text;
using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Git;

/// <summary>
/// Fetching from and pushing to a repository's upstream remote with the git command line (its transports,
/// proxies and TLS are what operators expect). The URL is checked by the caller; the token travels in the
/// process environment as an HTTP Basic header (user <c>x-access-token</c>), never in arguments or logs.
/// What the remote has of a branch is kept in <c>refs/remotes/upstream/{branch}</c>.
/// </summary>
public static class RemoteSync
{
    public static string TrackingRef(string branch) => "refs/remotes/upstream/" + branch;

    /// <summary>Fetches the remote's <paramref name="branch"/> into its tracking ref and returns that commit.</summary>
    public static string Fetch(string gitDirectory, string url, string? token, string branch)
    {
        var (exitCode, _, error) = Git(gitDirectory, token, "fetch", "--no-tags", "--quiet", "--", url, $"+refs/heads/{branch}:{TrackingRef(branch)}");
        if (exitCode != 0)
        {
            if (error.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase))
                throw new RemoteSyncException(RemoteSyncException.NoSuchBranch, $"The remote has no branch '{branch}'; push it first.");
            throw Unreachable();
        }
        using var repository = RepositoryStore.OpenBare(gitDirectory);
        return repository.Refs[TrackingRef(branch)]?.ResolveToDirectReference()?.TargetIdentifier ?? throw new RepositoryCorruptException();
    }

    /// <summary>Pushes the branch's last commit to the remote's branch of the same name; a non-fast-forward is refused.</summary>
    public static string Push(string gitDirectory, string url, string? token, string branch)
    {
        string head;
        using (var repository = RepositoryStore.OpenBare(gitDirectory))
            head = repository.Branches[branch]?.Tip?.Sha ?? throw new NotFoundException($"The branch '{branch}' has no commits to push.");
        var (exitCode, output, _) = Git(gitDirectory, token, "push", "--porcelain", "--", url, $"refs/heads/{branch}:refs/heads/{branch}");
        if (exitCode != 0)
        {
            // --porcelain marks each refused ref with '!': the remote has commits this branch lacks.
            if (output.Split('\n').Any(line => line.StartsWith('!')))
                throw new RemoteSyncException(RemoteSyncException.PushRejected,
                    $"The remote's '{branch}' has commits this branch does not have; pull first, then push again.");
            throw Unreachable();
        }
        using (var repository = RepositoryStore.OpenBare(gitDirectory))
            repository.Refs.Add(TrackingRef(branch), new LibGit2Sharp.ObjectId(head), allowOverwrite: true);
        return head;
    }

    static RemoteUnreachableException Unreachable() =>
        new("The remote could not be reached, or it refused the request: check its URL and token, and that the server can reach it.");

    static (int ExitCode, string Output, string Error) Git(string gitDirectory, string? token, params string[] command)
    {
        // Never the ext:: transport; give up on a stalled connection instead of hanging a worker.
        List<string> arguments = ["-c", "protocol.ext.allow=never", "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=30", .. command];
        Dictionary<string, string>? environment = null;
        if (!string.IsNullOrEmpty(token))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));
            environment = new()
            {
                ["GIT_CONFIG_COUNT"] = "1",
                ["GIT_CONFIG_KEY_0"] = "http.extraHeader",
                ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic,
            };
        }
        return GitCommandLine.Execute(gitDirectory, arguments, environment);
    }
}
