using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace ContextKit.Api.Tests.Fixtures;

/// <summary>
/// The whole product in-process: the silo with the embedded-default file storage in a temporary data
/// folder, on free ports, behind a TestServer. A second factory on the same folder is a restart.
/// </summary>
public sealed class ContextKitFactory(string? dataPath = null, int signInsPerMinute = 100_000, ILoggerProvider? logs = null,
    IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public string DataPath { get; } = dataPath ?? Path.Combine(Path.GetTempPath(), "ck-api-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The only folder file:// clone URLs may point into in tests.</summary>
    public static string CloneRoot { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ck-clone-sources")).FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("data", DataPath);
        builder.UseSetting("ContextKit:Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("ContextKit:Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("ContextKit:Limits:MaxFileBytes", (64 * 1024).ToString());
        builder.UseSetting("ContextKit:Limits:SignInPerMinute", signInsPerMinute.ToString());
        builder.UseSetting("ContextKit:Import:MaxArchiveBytes", (2 * 1024 * 1024).ToString());
        builder.UseSetting("ContextKit:Import:MaxFileBytes", (1024 * 1024).ToString());
        builder.UseSetting("ContextKit:Import:MaxTotalBytes", (4 * 1024 * 1024).ToString());
        builder.UseSetting("ContextKit:Import:MaxEntries", "2000");
        builder.UseSetting("ContextKit:Import:FileUrlRoots:0", CloneRoot);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
        if (logs is not null)
            builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Debug));
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Registers a fresh account and returns a client that sends its access token.</summary>
    public async Task<SignedInClient> SignUp(string? name = null)
    {
        name ??= "user" + Guid.NewGuid().ToString("N")[..6];
        var email = $"{name}@example.com";
        const string password = "a long test pass phrase";
        var client = CreateClient();
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password, displayName = name })).EnsureSuccessStatusCode();
        var tokens = await SignIn(client, email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new SignedInClient(client, email, password, name, tokens);
    }

    /// <summary>A SignalR connection to the hub through the test server, signed in as <paramref name="user"/> (anonymous when null).</summary>
    public HubConnection ConnectHub(SignedInClient? user) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/repo"), options =>
            {
                options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                if (user is not null)
                    options.AccessTokenProvider = () => Task.FromResult<string?>(user.Tokens.AccessToken);
            })
            .Build();

    public static async Task<TokenBody> SignIn(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed record TokenBody(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, UserBody User);

public sealed record UserBody(string Id, string Email, string DisplayName);

public sealed record SignedInClient(HttpClient Http, string Email, string Password, string Name, TokenBody Tokens)
{
    /// <summary>Writes a file: creating it (<c>If-None-Match: *</c>) unless <paramref name="ifMatch"/> names the version it replaces.</summary>
    public Task<HttpResponseMessage> PutFile(string repo, string path, string content, string? ifMatch = null, string? branch = null)
    {
        var query = branch is null ? "" : $"?branch={Uri.EscapeDataString(branch)}";
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/{path}{query}") { Content = new StringContent(content) };
        request.Headers.TryAddWithoutValidation(ifMatch is null ? "If-None-Match" : "If-Match", ifMatch ?? "*");
        return Http.SendAsync(request);
    }

    /// <summary>Creates a file and fails the test when that does not work.</summary>
    public async Task CreateFile(string repo, string path, string content, string? branch = null) =>
        (await PutFile(repo, path, content, branch: branch)).EnsureSuccessStatusCode();

    /// <summary>Reads a file, changes its text and writes it back with the version it read.</summary>
    public async Task ChangeFile(string repo, string path, Func<string, string> change)
    {
        var current = await Http.GetAsync($"/api/repos/{repo}/files/{path}");
        var text = await current.Content.ReadAsStringAsync();
        (await PutFile(repo, path, change(text), current.Headers.ETag!.Tag)).EnsureSuccessStatusCode();
    }

    /// <summary>Creates a repository from a template and returns its id.</summary>
    public async Task<string> CreateRepository(string template = "starter", string name = "Toolshed")
    {
        var response = await Http.PostAsJsonAsync("/api/repos", new { name, template });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }
}

/// <summary>One product instance shared by the tests of a collection.</summary>
public sealed class ProductFixture : IAsyncLifetime
{
    public ContextKitFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose(); // starts the host
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProductCollection : ICollectionFixture<ProductFixture>
{
    public const string Name = "product";
}
