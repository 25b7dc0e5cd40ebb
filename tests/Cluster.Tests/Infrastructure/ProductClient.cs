using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>One signed-in person talking to one node over HTTP (the REST API) and SignalR (the hub).</summary>
public sealed class ProductClient(Uri node, string accessToken) : IDisposable
{
    public const string Password = "a long test pass phrase";

    readonly HttpClient http = new()
    {
        BaseAddress = node,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
    };

    public Uri Node => node;

    public string AccessToken => accessToken;

    /// <summary>Registers a new account through <paramref name="node"/> and signs in there.</summary>
    public static async Task<(string Email, ProductClient Client)> SignUp(Uri node)
    {
        var email = $"u{Guid.NewGuid():N}"[..13] + "@example.com";
        using var anonymous = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "Tester" });
        await Ensure(registered, "registering");
        return (email, await SignIn(node, email));
    }

    public static async Task<ProductClient> SignIn(Uri node, string email)
    {
        using var anonymous = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        await Ensure(response, "signing in");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new ProductClient(node, body.RootElement.GetProperty("accessToken").GetString()!);
    }

    /// <summary>The same person, talking to another node.</summary>
    public ProductClient Through(Uri other) => new(other, accessToken);

    public async Task<string> CreateRepository(string name = "Toolshed")
    {
        var response = await http.PostAsJsonAsync("/api/repos", new { name, template = "starter" });
        await Ensure(response, "creating a repository");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Creates a file (If-None-Match: *) and returns the response as it came.</summary>
    public Task<HttpResponseMessage> TryCreateFile(string repository, string path, string text, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repository}/files/{path}")
        {
            Content = new StringContent(text, Encoding.UTF8, "text/markdown"),
        };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        return http.SendAsync(request, cancellationToken);
    }

    public async Task CreateFile(string repository, string path, string text) =>
        await Ensure(await TryCreateFile(repository, path, text), $"creating {path}");

    public Task<HttpResponseMessage> TryReadFile(string repository, string path) => http.GetAsync($"/api/repos/{repository}/files/{path}");

    public async Task<string> ReadFile(string repository, string path)
    {
        var response = await TryReadFile(repository, path);
        await Ensure(response, $"reading {path}");
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> Get(string path) => http.GetAsync(path);

    public HubConnection Hub() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node, "hubs/repo"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();

    public static async Task Ensure(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
            return;
        throw new HttpRequestException(
            $"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
    }

    public static bool IsUnavailable(HttpStatusCode status) => status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError;

    public void Dispose() => http.Dispose();
}
