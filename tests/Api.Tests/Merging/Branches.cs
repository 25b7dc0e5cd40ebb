using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Merging;

/// <summary>The git steps merge tests share: branching, changing a file on a branch and committing it, reading what a branch holds.</summary>
public static class Branches
{
    public const string Feature = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";

    public static async Task Create(SignedInClient user, string repo, string name, string? from = null) =>
        (await user.Http.PostAsJsonAsync($"/api/repos/{repo}/git/branches", new { name, from })).EnsureSuccessStatusCode();

    /// <summary>Replaces <paramref name="find"/> in a file on a branch and commits that; returns the commit.</summary>
    public static async Task<string> CommitChange(SignedInClient user, string repo, string branch, string path, string find, string replace)
    {
        var (text, etag) = await Read(user, repo, branch, path);
        Assert.Contains(find, text);
        (await user.PutFile(repo, path, text.Replace(find, replace), etag, branch)).EnsureSuccessStatusCode();
        return await Commit(user, repo, branch, $"Change {path} on {branch}");
    }

    public static async Task<string> Commit(SignedInClient user, string repo, string branch, string message)
    {
        var response = await user.Http.PostAsJsonAsync($"/api/repos/{repo}/git/commit", new { branch, message });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commit").GetString()!;
    }

    public static async Task<(string Text, string ETag)> Read(SignedInClient user, string repo, string branch, string path)
    {
        var response = await user.Http.GetAsync($"/api/repos/{repo}/files/{path}?branch={Uri.EscapeDataString(branch)}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag!.Tag);
    }

    public static async Task<string> Head(SignedInClient user, string repo, string branch) =>
        (await user.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status?branch={Uri.EscapeDataString(branch)}")).GetProperty("head").GetString()!;

    public static async Task<JsonElement> Status(SignedInClient user, string repo, string branch) =>
        await user.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status?branch={Uri.EscapeDataString(branch)}");

    public static Task<HttpResponseMessage> Merge(SignedInClient user, string repo, string source, string target, object[]? resolutions = null, string? message = null) =>
        user.Http.PostAsJsonAsync($"/api/repos/{repo}/git/merge", new { source, target, message, resolutions });

    /// <summary>The parents of a commit, read from the bare repository with the git command line.</summary>
    public static string[] Parents(string dataPath, string repo, string commit) =>
        RunGit(dataPath, repo, "rev-list", "--parents", "-n", "1", commit).Trim().Split(' ')[1..];

    public static string RunGit(string dataPath, string repo, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--git-dir");
        start.ArgumentList.Add(Path.Combine(dataPath, "repos", repo, "repo.git"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output;
    }

    /// <summary>
    /// Two branches off main that change the same line of the feature differently, both committed: merging
    /// the first into main is clean, the second then conflicts.
    /// </summary>
    public static async Task Diverge(SignedInClient user, string repo, string first, string second)
    {
        await Create(user, repo, first);
        await Create(user, repo, second);
        await CommitChange(user, repo, first, Feature, "title: Tool catalogue and search", "title: Tool catalogue, search and map");
        await CommitChange(user, repo, second, Feature, "title: Tool catalogue and search", "title: Tool catalogue with filters");
    }
}
