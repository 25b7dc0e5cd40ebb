using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Api.Tests.Fixtures;
using ContextKit.Domain.Paths;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ContextKit.Api.Tests.Security;

/// <summary>One product with captured logs for the fuzz runs, and the counts of what they threw at it.</summary>
public sealed class FuzzFixture : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();

    public ContextKitFactory Factory { get; private set; } = null!;

    public SignedInClient Owner { get; private set; } = null!;

    public string Repo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new ContextKitFactory(logs: Logs);
        Owner = await Factory.SignUp("fuzzer");
        Repo = await Owner.CreateRepository("starter", "Fuzz");
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// Thousands of generated hostile inputs — paths, YAML documents, JSON bodies, archives — thrown at the parsers and the
/// endpoints: every answer is a 2xx or a clear 4xx, never a 500, nothing unhandled is logged, nothing lands outside the
/// working tree, and the server still works afterwards.
/// </summary>
public class FuzzTests(FuzzFixture fuzz, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    static readonly string[] PathPieces =
    [
        "a", "notes", "b.md", "x.yaml", "..", ".", ".git", ".GIT", "config", "%2e%2e", "..%2f", "%00", "\0", "\\", "..\\..", "/", "//", "C:", "c:\\windows",
        "~", "con", "nul", " ", "  ", "é", "💥", "\u202e", ".context", "features", "\n", "\t", "?", "#", "*", "a:b", "..." , "....", ".git/hooks",
        new string('x', 300), "%", "%%", "\u0001", "\ud800",
    ];

    static readonly Gen<string> Paths = Gen.Select(Gen.OneOf(PathPieces.Select(Gen.Const).ToArray()).Array[1, 6], Gen.OneOf(Gen.Const("/"), Gen.Const("\\"), Gen.Const("")),
        Gen.Bool, (pieces, separator, leadingSlash) => (leadingSlash ? "/" : "") + string.Join(separator.Length == 0 ? "/" : separator, pieces));

    [Fact]
    public void The_path_parser_never_lets_out_a_path_that_climbs_is_absolute_or_reaches_git()
    {
        var cases = 0;
        Paths.Sample(path =>
        {
            Interlocked.Increment(ref cases);
            if (!RepoPath.TryParse(path, allowRoot: true, out var parsed, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                return;
            }
            var segments = parsed.Value.Split('/');
            Assert.DoesNotContain("..", segments);
            Assert.DoesNotContain(".", segments);
            Assert.DoesNotContain(segments, s => s.Equals(".git", StringComparison.OrdinalIgnoreCase));
            Assert.False(parsed.Value.StartsWith('/'));
            Assert.DoesNotContain('\\', parsed.Value);
            Assert.DoesNotContain('\0', parsed.Value);
            Assert.False(Path.IsPathRooted(parsed.Value));
        }, iter: 20_000, threads: 1);
        output.WriteLine($"paths parsed: {cases}");
    }

    [Fact]
    public async Task Hostile_paths_sent_to_the_file_routes_get_4xx_or_land_inside_the_tree()
    {
        var marker = "FUZZ-" + Guid.NewGuid().ToString("N");
        int cases = 0, refused = 0, written = 0;
        await Paths.SampleAsync(async path =>
        {
            Interlocked.Increment(ref cases);
            // Straight to the server, past the HTTP client's own dot-segment clean-up.
            var raw = $"/api/repos/{fuzz.Repo}/files/" + path.TrimStart('/');
            var status = await RawPut(raw, marker);
            Assert.True(status < 500, $"{status} for {Show(path)}");
            if (status >= 400)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            Interlocked.Increment(ref written);
            var canonical = RepoPath.Parse(path.TrimStart('/')).Value;
            var read = await fuzz.Owner.Http.GetStringAsync($"/api/repos/{fuzz.Repo}/files/{string.Join('/', canonical.Split('/').Select(Uri.EscapeDataString))}");
            Assert.Equal(marker, read);
        }, iter: 1500, threads: 1);
        output.WriteLine($"file paths: {cases} requests, {refused} refused with 4xx, {written} written inside the tree");

        // Nothing with the marker exists anywhere in the data folder except inside working trees (and git's own objects).
        var strays = Directory.EnumerateFiles(fuzz.Factory.DataPath, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}worktrees{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}objects{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) && new FileInfo(f).Length < 1_000_000 && File.ReadAllText(f).Contains(marker, StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}audit{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(strays);
        Assert.True(refused > 100 && written > 10, $"{refused} refused, {written} written: the generator should produce both");
        await AssertAliveAndNothingUnhandled();
    }

    async Task<int> RawPut(string rawPath, string content)
    {
        // An encoded NUL never gets past Kestrel (400); the test server's own decoder throws on it instead.
        if (rawPath.Contains("%00", StringComparison.Ordinal))
            return StatusCodes.Status400BadRequest;
        var context = await fuzz.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = "PUT";
            c.Request.Path = rawPath.Contains('?') || rawPath.Contains('#') ? rawPath.Replace("?", "%3F").Replace("#", "%23") : rawPath;
            c.Request.Headers.Authorization = "Bearer " + fuzz.Owner.Tokens.AccessToken;
            c.Request.Headers.IfNoneMatch = "*";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(content));
        });
        return context.Response.StatusCode;
    }

    static readonly string[] YamlPieces =
    [
        "id: FEAT-901\n", "type: feature\n", "title: Fuzz\n", "status: draft\n", "a: &x [1,2]\n", "b: *x\n", "c: *missing\n", "- item\n", "  - nested\n",
        "key: {a: [b, {c: d}]}\n", "!!binary AAAA\n", "!!python/object:os.system\n", "? complex\n: key\n", "---\n", "...\n", "%YAML 1.1\n", "'unterminated\n",
        "\"esc \\x00 \\u0000\"\n", "\t tab: x\n", "x: |\n  block\n", "y: >-\n  folded\n", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n", "{{{{{{{{{{{{{{{{\n", ": :\n",
        "a: b: c\n", "- - - - - -\n", "\ufeff", "\0", "é: 💥\n", "<<: *x\n", "n: 1e999999\n", "d: 2026-13-45\n", "k: ~\n", "dependsOn: [FEAT-901, FEAT-901]\n",
    ];

    static readonly Gen<string> YamlDocuments = Gen.Frequency(
        (8, Gen.OneOf(YamlPieces.Select(Gen.Const).ToArray()).Array[1, 30].Select(parts => string.Concat(parts))),
        (1, Gen.Int[1, 8].Select(BillionLaughs)),
        (1, Gen.Int[10, 400].Select(depth => string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i * 2) + "k:\n")))),
        (1, Gen.Char.Array[0, 400].Select(c => new string(c))));

    static string BillionLaughs(int levels)
    {
        var text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= levels + 6; i++)
            text.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        return text.ToString();
    }

    [Fact]
    public async Task Generated_yaml_documents_are_stored_or_refused_and_the_engines_keep_answering()
    {
        int cases = 0, stored = 0;
        var folders = new[] { "features", "user-stories", "specs", "tasks", "services", ".context" };
        await Gen.Select(YamlDocuments, Gen.Int[0, folders.Length - 1], Gen.Int[0, 40]).SampleAsync(async (yaml, folder, n) =>
        {
            Interlocked.Increment(ref cases);
            var path = $"{folders[folder]}/fuzz-{n}.yaml";
            var current = await fuzz.Owner.Http.GetAsync($"/api/repos/{fuzz.Repo}/files/{path}");
            var answer = await fuzz.Owner.PutFile(fuzz.Repo, path, yaml, current.IsSuccessStatusCode ? current.Headers.ETag!.Tag : null);
            Assert.True((int)answer.StatusCode < 500, $"{(int)answer.StatusCode} for {Show(yaml)}: {await answer.Content.ReadAsStringAsync()}");
            if (answer.IsSuccessStatusCode)
                Interlocked.Increment(ref stored);
        }, iter: 600, threads: 1);

        foreach (var route in new[] { "entities", "graph", "c4", "git/status" })
            Assert.Equal(HttpStatusCode.OK, (await fuzz.Owner.Http.GetAsync($"/api/repos/{fuzz.Repo}/{route}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fuzz.Owner.Http.PostAsync($"/api/repos/{fuzz.Repo}/validate", null)).StatusCode);
        output.WriteLine($"yaml documents: {cases} written through the API, {stored} stored, the rest refused with 4xx");
        await AssertAliveAndNothingUnhandled();
    }

    static Gen<JsonNode?> Json(int depth) => depth == 0
        ? Gen.Frequency(
            (3, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
            (2, Gen.OneOf(Gen.Const("../../etc/passwd"), Gen.Const(".git/config"), Gen.Const("main"), Gen.Const("FEAT-001"), Gen.Const("owner"), Gen.Const("x@example.com"), Gen.Const(new string('a', 5000)))
                .Select(s => (JsonNode?)JsonValue.Create(s))),
            (1, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
            (1, Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : null)),
            (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
            (1, Gen.Const((JsonNode?)null)))
        : Gen.Frequency(
            (3, Json(0)),
            (2, Gen.Select(Gen.OneOf(Gen.Const("name"), Gen.Const("message"), Gen.Const("paths"), Gen.Const("branch"), Gen.Const("data"), Gen.Const("ids"), Gen.Const("role"),
                    Gen.Const("type"), Gen.Const("template"), Gen.Const("from"), Gen.Const("email"), Gen.Const("password"), Gen.Const("depth"), Gen.Const("scope"), Gen.String).Array[0, 6],
                Json(depth - 1).Array[6], (keys, values) =>
                {
                    var o = new JsonObject();
                    for (var i = 0; i < keys.Length; i++)
                        o[keys[i]] = values[i]?.DeepClone();
                    return (JsonNode?)o;
                })),
            (1, Json(depth - 1).Array[0, 5].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))));

    static readonly (string Method, string Route)[] JsonRoutes =
    [
        ("POST", "/api/repos"), ("POST", "/api/auth/login"), ("POST", "/api/auth/refresh"), ("POST", "/api/auth/tokens"), ("POST", "/api/auth/password"),
        ("POST", "/api/repos/{repo}/entities"), ("PUT", "/api/repos/{repo}/entities/FEAT-001"), ("POST", "/api/repos/{repo}/git/commit"),
        ("POST", "/api/repos/{repo}/git/discard"), ("POST", "/api/repos/{repo}/git/branches"), ("POST", "/api/repos/{repo}/impact"),
        ("POST", "/api/repos/{repo}/generate"), ("PUT", "/api/repos/{repo}/members/x@example.com"), ("PATCH", "/api/repos/{repo}"),
        ("POST", "/api/repos/{repo}/transfer"), ("POST", "/api/repos/import"),
    ];

    [Fact]
    public async Task Generated_json_bodies_get_an_answer_below_500_from_every_json_route()
    {
        var cases = 0;
        var bodies = Gen.Frequency(
            (6, Json(3).Select(node => node?.ToJsonString() ?? "null")),
            (1, Gen.String.Select(s => "{\"name\":" + s)),
            (1, Gen.Byte.Array[0, 200].Select(b => Encoding.Latin1.GetString(b))),
            (1, Gen.Int[1, 3000].Select(depth => new string('[', depth) + new string(']', depth))));
        await Gen.Select(bodies, Gen.Int[0, JsonRoutes.Length - 1]).SampleAsync(async (body, index) =>
        {
            Interlocked.Increment(ref cases);
            var (method, route) = JsonRoutes[index];
            var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{repo}", fuzz.Repo))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            // Never let a generated body take the fuzzer's own account or repository away.
            if (route is "/api/auth/password" or "/api/repos/{repo}/transfer")
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await Bystander()).Tokens.AccessToken);
            var answer = await (request.Headers.Authorization is null ? fuzz.Owner.Http : fuzz.Factory.CreateClient()).SendAsync(request);
            Assert.True((int)answer.StatusCode < 500, $"{(int)answer.StatusCode} from {method} {route} for {Show(body)}: {await answer.Content.ReadAsStringAsync()}");
        }, iter: 2000, threads: 1);
        output.WriteLine($"json bodies: {cases} requests over {JsonRoutes.Length} routes");
        await AssertAliveAndNothingUnhandled();
    }

    SignedInClient? bystander;

    async Task<SignedInClient> Bystander() => bystander ??= await fuzz.Factory.SignUp();

    static readonly string[] EntryNames =
    [
        "features/FEAT-001.yaml", "../escape.txt", "../../etc/cron.d/x", "/abs.txt", "C:\\win.txt", ".git/config", ".git/hooks/post-checkout", "a/./b.md",
        "a//b.md", "dir/", "\0nul.md", "é/💥.md", "ok.md", new string('d', 300) + ".md", "a/../../b.md", ".context/settings.yaml",
    ];

    [Fact]
    public async Task Generated_archives_are_imported_or_refused_never_a_500()
    {
        int cases = 0, imported = 0;
        var archives = Gen.Frequency(
            (3, Gen.Byte.Array[0, 2000]),
            (4, Gen.Select(Gen.OneOf(EntryNames.Select(Gen.Const).ToArray()).Array[1, 6], Gen.Byte.Array[0, 300], Gen.Int[0, 3], Zip)),
            (2, Gen.Select(Gen.OneOf(EntryNames.Select(Gen.Const).ToArray()).Array[1, 4], Gen.Int[0, 400], Gen.Byte, (names, cut, flip) =>
            {
                var zip = Zip(names, [1, 2, 3], 0);
                var copy = zip.ToArray();
                copy[cut % copy.Length] ^= flip;
                return cut % 2 == 0 ? copy : copy[..(cut % copy.Length)];
            })));
        var dataBefore = SnapshotOutsideRepositories();
        await Gen.Select(archives, Gen.Bool).SampleAsync(async (bytes, tarName) =>
        {
            Interlocked.Increment(ref cases);
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", tarName ? "fuzz.tar.gz" : "fuzz.zip");
            form.Add(new StringContent("Fuzz import"), "name");
            var answer = await fuzz.Owner.Http.PostAsync("/api/repos/import", form);
            Assert.True((int)answer.StatusCode < 500, $"{(int)answer.StatusCode} for {bytes.Length} bytes: {await answer.Content.ReadAsStringAsync()}");
            if (answer.IsSuccessStatusCode)
                Interlocked.Increment(ref imported);
        }, iter: 300, threads: 1);

        Assert.Equal(dataBefore, SnapshotOutsideRepositories());
        output.WriteLine($"archives: {cases} uploads, {imported} imported, the rest refused with 4xx");
        await AssertAliveAndNothingUnhandled();
    }

    static byte[] Zip(string[] names, byte[] content, int mode)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in names.Distinct())
            {
                var entry = zip.CreateEntry(name);
                if (mode == 1)
                    entry.ExternalAttributes = unchecked((int)0xA1FF0000); // a symbolic link
                using var stream = entry.Open();
                stream.Write(mode == 1 ? Encoding.UTF8.GetBytes("../../../../etc/passwd") : content);
            }
        return buffer.ToArray();
    }

    /// <summary>Every file of the temp folder's top level and of the data folder outside repositories, grain state and audit.</summary>
    HashSet<string> SnapshotOutsideRepositories()
    {
        var data = fuzz.Factory.DataPath;
        return Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(data, "repos"), StringComparison.Ordinal)
                        && !f.StartsWith(Path.Combine(data, "grains"), StringComparison.Ordinal)
                        && !f.StartsWith(Path.Combine(data, "audit"), StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.GetTempPath(), "escape*"))
            .ToHashSet();
    }

    /// <summary>Ends every HTTP fuzz run: the server still answers and works, and logged no unhandled error.</summary>
    async Task AssertAliveAndNothingUnhandled()
    {
        Assert.Equal(HttpStatusCode.OK, (await fuzz.Factory.CreateClient().GetAsync("/health/live")).StatusCode);
        await fuzz.Owner.CreateFile(fuzz.Repo, $"alive-{Guid.NewGuid():N}.md", "still here\n");
        var unhandled = fuzz.Logs.Lines.Where(l => l.Contains("Unhandled error", StringComparison.Ordinal) || l.Contains("failed", StringComparison.Ordinal) && l.StartsWith("Error", StringComparison.Ordinal)
            || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(unhandled.Count == 0, string.Join('\n', unhandled.Take(5)));
    }

    static string Show(string text) => text.Length > 200 ? text[..200] + "…" : text.Replace("\0", "\\0");
}
