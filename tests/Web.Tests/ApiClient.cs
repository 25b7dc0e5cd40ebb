using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ContextKit.Web.Tests;

/// <summary>The REST API as a second client of the same product: what "someone else" does while the browser looks.</summary>
public sealed partial class ApiClient(Uri baseAddress) : IDisposable
{
    readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task Register(string email, string password, string displayName)
    {
        var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password, displayName });
        await Ensure(response, "registering");
    }

    public async Task SignIn(string email, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        await Ensure(response, "signing in");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("accessToken").GetString());
    }

    /// <summary>Creates a repository from the starter template and returns its id.</summary>
    public async Task<string> CreateRepository(string name)
    {
        var response = await http.PostAsJsonAsync("/api/repos", new { name, template = "starter" });
        await Ensure(response, "creating a repository");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Gives <paramref name="email"/> a role (owner, editor, viewer) in the repository (as its owner).</summary>
    public async Task SetMember(string repository, string email, string role) =>
        await Ensure(await http.PutAsJsonAsync($"/api/repos/{repository}/members/{Uri.EscapeDataString(email)}", new { role }), $"giving {email} the {role} role");

    /// <summary>The role the person with <paramref name="email"/> holds, as the API reports it.</summary>
    public async Task<string?> RoleOf(string repository, string email)
    {
        using var body = JsonDocument.Parse(await http.GetStringAsync($"/api/repos/{repository}/members"));
        return body.RootElement.EnumerateArray().FirstOrDefault(m => m.GetProperty("email").GetString() == email) is { ValueKind: JsonValueKind.Object } member
            ? member.GetProperty("role").GetString()
            : null;
    }

    /// <summary>Reads the signed-in user's own resource with a bearer token (to prove a token works).</summary>
    public static async Task<System.Net.HttpStatusCode> StatusWithToken(Uri baseAddress, string token, string path)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync(path)).StatusCode;
    }

    /// <summary>Imports a zipped repository folder (as the desktop app exports it) and returns the new repository's id.</summary>
    public async Task<string> Import(string name, byte[] zip)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", name + ".zip");
        form.Add(new StringContent(name), "name");
        var response = await http.PostAsync("/api/repos/import", form);
        await Ensure(response, "importing a repository");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<(string Text, string ETag)> ReadFile(string repository, string path, string? branch = null)
    {
        var response = await http.GetAsync($"/api/repos/{repository}/files/{path}{OnBranch(branch)}");
        await Ensure(response, $"reading {path}");
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag!.Tag);
    }

    /// <summary>Replaces a file's text, naming the version it replaces, as a careful client does.</summary>
    public async Task WriteFile(string repository, string path, string text, string? branch = null)
    {
        var (_, etag) = await ReadFile(repository, path, branch);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repository}/files/{path}{OnBranch(branch)}")
        {
            Content = new StringContent(text, Encoding.UTF8, "text/yaml"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        await Ensure(await http.SendAsync(request), $"writing {path}");
    }

    /// <summary>Creates a new file (If-None-Match: *).</summary>
    public async Task CreateFile(string repository, string path, string text, string? branch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repository}/files/{path}{OnBranch(branch)}")
        {
            Content = new StringContent(text, Encoding.UTF8, "text/yaml"),
        };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        await Ensure(await http.SendAsync(request), $"creating {path}");
    }

    static string OnBranch(string? branch) => branch is null ? "" : "?branch=" + Uri.EscapeDataString(branch);

    static async Task Ensure(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The API refused {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The bearer token of the signed-in person, e.g. for a hub connection.</summary>
    public string AccessToken => http.DefaultRequestHeaders.Authorization?.Parameter
        ?? throw new InvalidOperationException("Sign in first.");

    public void Dispose() => http.Dispose();
}
