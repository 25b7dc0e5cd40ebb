using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ContextKit.Api.Hubs;
using ContextKit.Api.Security;
using ContextKit.Api.Tests.Fixtures;
using ContextKit.Domain.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ContextKit.Api.Tests.Security;

/// <summary>
/// The route × role matrix: every route of the running product, read from its endpoint metadata, called as
/// anonymous, outsider, viewer, editor, read-only token and owner, and every answer checked against the route's
/// declared <see cref="AccessPolicyAttribute"/>. A route or hub method added without a policy fails here.
/// </summary>
[Collection(ProductCollection.Name)]
public class AccessMatrixTests(ProductFixture product, ITestOutputHelper output)
{
    const string RepositoryNotFound = "The repository was not found.";

    IReadOnlyList<RouteEndpoint> Routes() =>
        product.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    [Fact]
    public void Every_route_and_every_hub_method_declares_an_access_policy()
    {
        var routes = Routes();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        var missing = routes.Where(r => r.Metadata.GetMetadata<AccessPolicyAttribute>() is null && !IsDevelopmentStaticAssetFallback(r))
            .Select(r => $"{string.Join(',', r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {r.RoutePattern.RawText} ({r.DisplayName}; {string.Join(" ", r.Metadata.Select(m => m.GetType().Name))})")
            .ToList();
        Assert.True(missing.Count == 0, "Routes without an access policy (add RequireRepositoryRole / RequireSignedInAccount / AllowPublicAccess):\n" + string.Join('\n', missing));

        // Every repository route names its repository in {repo}, which is what the policy layer checks.
        var repositoryRoutes = routes.Where(r => r.Metadata.GetMetadata<AccessPolicyAttribute>()?.Kind == AccessKind.Repository).ToList();
        Assert.NotEmpty(repositoryRoutes);
        Assert.All(repositoryRoutes, r => Assert.NotNull(r.RoutePattern.GetParameter(AccessPolicyFilter.RepositoryRouteValue)));

        var hubMethods = HubMethods();
        Assert.Contains(hubMethods, m => m.Name == nameof(RepositoryHub.EditDocument));
        var bare = hubMethods.Where(m => m.GetCustomAttribute<AccessPolicyAttribute>() is null).Select(m => m.Name).ToList();
        Assert.True(bare.Count == 0, "Hub methods without an access policy: " + string.Join(", ", bare));
        Assert.All(hubMethods.Where(m => m.GetCustomAttribute<AccessPolicyAttribute>()!.Kind == AccessKind.Repository),
            m => Assert.Contains(m.GetParameters(), p => p.Name == HubAccessFilter.RepositoryArgument && p.ParameterType == typeof(string)));
    }

    /// <summary>
    /// The one route we do not map: in Development, MapStaticAssets adds a fallback for files missing from its build
    /// manifest, without taking conventions. It carries no anonymous access, so the deny-by-default authorization
    /// policy covers it (sign-in required), and it does not exist in a published (Production) host.
    /// </summary>
    static bool IsDevelopmentStaticAssetFallback(RouteEndpoint route) =>
        route.RoutePattern.RawText == "{**path:file}"
        && route.DisplayName == "Fallback {**path:file}"
        && route.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null;

    static List<MethodInfo> HubMethods() =>
        typeof(RepositoryHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(RepositoryHub))
            .ToList();

    /// <summary>One caller of the matrix: who they are and the role they hold in the route's repository.</summary>
    sealed record Caller(string Name, HttpClient Http, string? Email, RepositoryRole? Role, bool ReadOnlyToken = false);

    [Fact]
    public async Task Every_api_route_answers_each_role_as_its_policy_says()
    {
        var owner = await product.Factory.SignUp();
        var viewer = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var outsider = await product.Factory.SignUp();
        var readOnly = product.Factory.CreateClient();
        var token = await owner.Http.PostAsJsonAsync("/api/auth/tokens", new { name = "matrix", scope = "read" });
        token.EnsureSuccessStatusCode();
        readOnly.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

        var callers = new[]
        {
            new Caller("anonymous", product.Factory.CreateClient(), null, null),
            new Caller("outsider", outsider.Http, outsider.Email, null),
            new Caller("viewer", viewer.Http, viewer.Email, RepositoryRole.Viewer),
            new Caller("editor", editor.Http, editor.Email, RepositoryRole.Editor),
            new Caller("read-only token", readOnly, owner.Email, RepositoryRole.Owner, ReadOnlyToken: true),
            // Last: the owner's calls may delete the repository.
            new Caller("owner", owner.Http, owner.Email, RepositoryRole.Owner),
        };

        var failures = new List<string>();
        var calls = 0;
        foreach (var route in Routes().Where(r => r.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true))
        {
            var policy = route.Metadata.GetMetadata<AccessPolicyAttribute>()!;
            foreach (var method in route.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                // A fresh repository per route, so that one route's writes (deleting, leaving) cannot change another's answers.
                var repo = await owner.CreateRepository("empty", "Matrix");
                foreach (var (email, role) in new[] { (viewer.Email, "viewer"), (editor.Email, "editor") })
                    (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{email}", new { role })).EnsureSuccessStatusCode();
                foreach (var caller in callers)
                {
                    var response = await caller.Http.SendAsync(Request(method, route, repo, caller));
                    calls++;
                    var body = await response.Content.ReadAsStringAsync();
                    if (Judge(policy, method, caller, response.StatusCode, body) is { } wrong)
                        failures.Add($"{method} {route.RoutePattern.RawText} as {caller.Name} [{policy}]: {wrong} — {(int)response.StatusCode} {Shorten(body)}");
                }
            }
        }
        output.WriteLine($"{calls} calls checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>What is wrong with this answer for this caller, or null when it is what the policy says.</summary>
    static string? Judge(AccessPolicyAttribute policy, string method, Caller caller, HttpStatusCode status, string body)
    {
        if ((int)status >= 500)
            return "server error";
        var refused = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                      || (status == HttpStatusCode.NotFound && body.Contains(RepositoryNotFound, StringComparison.Ordinal));
        // A public route may still answer 401 itself (a wrong password), but with its own problem, not the sign-in challenge.
        if (policy.Kind == AccessKind.Public)
            return status == HttpStatusCode.Forbidden || (status == HttpStatusCode.Unauthorized && !body.Contains("urn:contextkit:problem:", StringComparison.Ordinal))
                ? "a public route refused" : null;
        if (caller.Email is null)
            return status == HttpStatusCode.Unauthorized ? null : "anonymous caller not refused with 401";
        if (caller.ReadOnlyToken && policy.Writes)
            return status == HttpStatusCode.Forbidden && body.Contains("read-only", StringComparison.Ordinal) ? null : "read-only token not refused with 403";
        if (policy.Kind == AccessKind.Account)
            return refused ? "signed-in caller refused" : null;
        if (caller.Role is null)
            return status == HttpStatusCode.NotFound && body.Contains(RepositoryNotFound, StringComparison.Ordinal) ? null : "outsider not answered 404 not found";
        if (caller.Role < policy.Role)
            return status == HttpStatusCode.Forbidden ? null : $"{caller.Role} below {policy.Role} not refused with 403";
        return refused ? $"{caller.Role} refused although the policy allows {policy.Role}" : null;
    }

    static HttpRequestMessage Request(string method, RouteEndpoint route, string repo, Caller caller)
    {
        var path = new StringBuilder();
        foreach (var segment in route.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
                path.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => ValueFor(parameter.Name, repo, caller),
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                });
        }
        var request = new HttpRequestMessage(new HttpMethod(method), path.ToString());
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }
        return request;
    }

    static string ValueFor(string parameter, string repo, Caller caller) => parameter switch
    {
        "repo" => repo,
        "path" => "notes/matrix.md",
        "email" => caller.Email ?? "nobody@example.com",
        "name" => "matrix-branch",
        "id" => "FEAT-001",
        _ => "1",
    };

    static string Shorten(string body) => body.Length > 300 ? body[..300] : body;

    [Fact]
    public async Task Every_hub_method_answers_each_role_as_its_policy_says()
    {
        var owner = await product.Factory.SignUp();
        var viewer = await product.Factory.SignUp();
        var editor = await product.Factory.SignUp();
        var outsider = await product.Factory.SignUp();
        var repo = await owner.CreateRepository("empty", "Hub matrix");
        await owner.CreateFile(repo, "notes/hub.md", "# hub\n");
        foreach (var (email, role) in new[] { (viewer.Email, "viewer"), (editor.Email, "editor") })
            (await owner.Http.PutAsJsonAsync($"/api/repos/{repo}/members/{email}", new { role })).EnsureSuccessStatusCode();

        var failures = new List<string>();
        foreach (var (user, role) in new (SignedInClient, RepositoryRole?)[] { (outsider, null), (viewer, RepositoryRole.Viewer), (editor, RepositoryRole.Editor), (owner, RepositoryRole.Owner) })
        {
            await using var hub = product.Factory.ConnectHub(user);
            await hub.StartAsync();
            foreach (var method in HubMethods())
            {
                var policy = method.GetCustomAttribute<AccessPolicyAttribute>()!;
                var arguments = method.GetParameters().Select(p => HubArgument(p, repo)).ToArray();
                string? error = null;
                try
                {
                    await hub.InvokeCoreAsync(method.Name, typeof(object), arguments);
                }
                catch (HubException e)
                {
                    error = e.Message;
                }
                var denied = error?.Contains("access-denied", StringComparison.Ordinal) == true;
                var hidden = error?.Contains(RepositoryNotFound, StringComparison.Ordinal) == true;
                var who = role?.ToString() ?? "outsider";
                if (policy.Kind != AccessKind.Repository)
                {
                    if (denied || hidden)
                        failures.Add($"{method.Name} as {who}: refused ({error})");
                }
                else if (role is null ? !hidden : role < policy.Role ? !denied : denied || hidden)
                    failures.Add($"{method.Name} as {who} [{policy}]: {error ?? "allowed"}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    static object? HubArgument(ParameterInfo parameter, string repo) => parameter.Name switch
    {
        "repo" => repo,
        "branch" => "main",
        "path" => "notes/hub.md",
        "version" => 0L,
        "ops" => JsonDocument.Parse("[{\"insert\":\"x\"},{\"retain\":6}]").RootElement,
        "where" => new PresenceUpdate("main", null, null),
        _ => parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null,
    };
}
