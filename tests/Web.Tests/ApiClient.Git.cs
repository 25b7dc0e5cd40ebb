using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ContextKit.Web.Tests;

/// <summary>Branches, commits and pull requests through the REST API: what a teammate does outside the browser.</summary>
public sealed partial class ApiClient
{
    public async Task CreateBranch(string repository, string name) =>
        await Ensure(await http.PostAsJsonAsync($"/api/repos/{repository}/git/branches", new { name }), $"creating branch {name}");

    /// <summary>Replaces a file's text on a branch, naming the version it replaces, and commits it.</summary>
    public async Task CommitFile(string repository, string branch, string path, string text, string message)
    {
        var query = $"?branch={Uri.EscapeDataString(branch)}";
        var current = await http.GetAsync($"/api/repos/{repository}/files/{path}{query}");
        await Ensure(current, $"reading {path} on {branch}");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repository}/files/{path}{query}")
        {
            Content = new StringContent(text, Encoding.UTF8, "text/yaml"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(current.Headers.ETag!.Tag));
        await Ensure(await http.SendAsync(request), $"writing {path} on {branch}");
        await Ensure(await http.PostAsJsonAsync($"/api/repos/{repository}/git/commit", new { branch, message }), $"committing on {branch}");
    }

    public async Task<int> OpenPullRequest(string repository, string source, string target, string title)
    {
        var response = await http.PostAsJsonAsync($"/api/repos/{repository}/pulls", new { source, target, title });
        await Ensure(response, "opening a pull request");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("number").GetInt32();
    }

    /// <summary>The branch's last commit: its message and how many parents it has (read from the bare repository by the caller).</summary>
    public async Task<(string Commit, string Message)> LastCommit(string repository, string branch)
    {
        var response = await http.GetAsync($"/api/repos/{repository}/git/log?branch={Uri.EscapeDataString(branch)}&limit=1");
        await Ensure(response, "reading the log");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var last = body.RootElement[0];
        return (last.GetProperty("commit").GetString()!, last.GetProperty("message").GetString()!);
    }
}
