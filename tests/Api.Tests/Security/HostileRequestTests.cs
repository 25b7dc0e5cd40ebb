using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContextKit.Api.Errors;
using ContextKit.Api.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContextKit.Api.Tests.Security;

/// <summary>Cross-origin calls, cookie writes without antiforgery, and what error answers may reveal.</summary>
[Collection(ProductCollection.Name)]
public partial class HostileRequestTests(ProductFixture product)
{
    [Fact]
    public async Task Cross_origin_preflights_and_requests_get_no_cors_permission()
    {
        var user = await product.Factory.SignUp();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/repos");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var answer = await product.Factory.CreateClient().SendAsync(preflight);

        var crossOrigin = new HttpRequestMessage(HttpMethod.Get, "/api/repos");
        crossOrigin.Headers.Add("Origin", "https://evil.example");
        var read = await user.Http.SendAsync(crossOrigin);

        Assert.False(answer.IsSuccessStatusCode, $"preflight answered {(int)answer.StatusCode}");
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(read.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Cookie_form_posts_and_cookie_api_writes_need_an_antiforgery_token()
    {
        var user = await product.Factory.SignUp();
        var browser = product.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // A forged form post from another page carries no token: refused, nobody signed in, no account made.
        var forgedSignIn = await browser.PostAsync("/account/signin", Form(("Email", user.Email), ("Password", user.Password), ("ReturnUrl", "/")));
        var forgedRegister = await browser.PostAsync("/account/register", Form(("Email", "forged@example.com"), ("Password", "a long test pass phrase"), ("DisplayName", "Forged"), ("ReturnUrl", "/")));
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedRegister.StatusCode);
        Assert.Contains("antiforgery", await forgedSignIn.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.False(forgedSignIn.Headers.Contains("Set-Cookie") && forgedSignIn.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("contextkit=", StringComparison.Ordinal)));
        await Problem.Expect(await product.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "forged@example.com", password = "a long test pass phrase" }),
            HttpStatusCode.Unauthorized, "wrong-credentials");

        // The real form: token from the page, then the cookie works for reads but not for writes without a token.
        var page = await browser.GetStringAsync("/signin");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.True(token.Length > 20, page[..Math.Min(page.Length, 3000)]);
        var signedIn = await browser.PostAsync("/account/signin", Form(("Email", user.Email), ("Password", user.Password), ("ReturnUrl", "/"), ("__RequestVerificationToken", token)));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync() + string.Join(";", signedIn.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me")).StatusCode);
        var write = await browser.PostAsJsonAsync("/api/repos", new { name = "Forged", template = "empty" });
        Assert.Contains("antiforgery", (await Problem.Expect(write, HttpStatusCode.BadRequest, "bad-request")).GetProperty("detail").GetString());
        Assert.Empty((await browser.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/repos"))!);
    }

    static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task An_unexpected_error_answers_a_bare_500_without_message_path_type_or_stack()
    {
        var context = new DefaultHttpContext { RequestServices = product.Factory.Services };
        context.Response.Body = new MemoryStream();
        Exception thrown;
        try
        {
            throw new IOException("Could not open /srv/contextkit/data/repos/abc/repo.git/config: secret=hunter2");
        }
        catch (IOException e)
        {
            thrown = e;
        }
        var mapping = new ProblemMapping(product.Factory.Services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemMapping>.Instance);

        Assert.True(await mapping.TryHandleAsync(context, thrown, CancellationToken.None));
        var body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Contains("urn:contextkit:problem:internal", body);
        Assert.Contains("traceId", body);
        foreach (var leak in new[] { "/srv", "repo.git", "hunter2", "IOException", "   at ", nameof(An_unexpected_error_answers_a_bare_500_without_message_path_type_or_stack) })
            Assert.DoesNotContain(leak, body);
    }

    [Fact]
    public async Task Refusals_and_bad_input_never_name_server_paths()
    {
        var user = await product.Factory.SignUp();
        var repo = await user.CreateRepository("empty");
        var answers = new[]
        {
            await user.PutFile(repo, "../../etc/passwd", "x"),
            await user.PutFile(repo, ".git/config", "x"),
            await user.Http.GetAsync($"/api/repos/{repo}/files/does/not/exist.md"),
            await user.Http.PostAsync($"/api/repos/{repo}/git/commit", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")),
            await user.Http.GetAsync($"/api/repos/{repo}/git/diff?from=nonexistent-revision"),
        };
        var dataPath = product.Factory.DataPath;
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.InRange((int)answer.StatusCode, 400, 499);
            Assert.DoesNotContain(dataPath, body);
            Assert.DoesNotContain(Path.GetTempPath(), body);
            Assert.DoesNotContain("   at ", body);
        }
    }

    [Fact]
    public async Task Regressions_found_by_the_fuzzer_answer_4xx_and_write_nothing()
    {
        var user = await product.Factory.SignUp();
        var repo = await user.CreateRepository("empty");
        await user.CreateFile(repo, "notes", "a file, not a folder\n");

        // A file under a path whose parent is a file (was an IOException → 500).
        await Problem.Expect(await user.PutFile(repo, "notes/inner.md", "x"), HttpStatusCode.Conflict, "conflict");
        // A JSON body that is not JSON on a route that reads it itself (was a JsonException → 500).
        await Problem.Expect(await user.Http.PostAsync("/api/repos/import", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "bad-request");
        // A zip whose central directory reads but whose entries clash (was an IOException while unpacking → 500).
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "readme.md", "a", "a/b.md" })
                using (var writer = new StreamWriter(archive.CreateEntry(name).Open()))
                    writer.Write(name);
        }
        using var form = new MultipartFormDataContent { { new ByteArrayContent(zip.ToArray()), "file", "clash.zip" } };
        await Problem.Expect(await user.Http.PostAsync("/api/repos/import", form), HttpStatusCode.BadRequest, "bad-request");

        Assert.Equal("a file, not a folder\n", await user.Http.GetStringAsync($"/api/repos/{repo}/files/notes"));
        Assert.Single((await user.Http.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/repos"))!);
    }
}
