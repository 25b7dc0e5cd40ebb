using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Imports;

[Collection(ProductCollection.Name)]
public class ImportExportTests(ProductFixture product)
{
    static readonly Dictionary<string, string> DesktopRepository = new()
    {
        ["contexts/features/FEAT-001-search.yaml"] = "# kept comment\nid: FEAT-001\ntitle: Search\nstatus: proposed\n",
        ["contexts/tasks/T-001.yaml"] = "id: T-001\ntitle: Index\nstatus: todo\nrelated:\n  feature: FEAT-001\n",
        ["package.json"] = "{ \"name\": \"desktop-leftover\" }\n",
        [".context/pipelines/build.js"] = "console.log('never executed')\n",
    };

    static byte[] Zip(IEnumerable<(string Path, string Content)> entries, Action<ZipArchive>? extra = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
            extra?.Invoke(zip);
        }
        return buffer.ToArray();
    }

    static async Task<HttpResponseMessage> Upload(SignedInClient user, byte[] archive, string fileName, string name = "Imported")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(name), "name");
        return await user.Http.PostAsync("/api/repos/import", form);
    }

    static async Task<string> IdOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_zipped_desktop_folder_without_git_imports_as_one_first_commit()
    {
        var alice = await product.Factory.SignUp();
        var archive = Zip(DesktopRepository.Select(f => ("toolshed/" + f.Key, f.Value)));

        var repo = await IdOf(await Upload(alice, archive, "toolshed.zip"));

        Assert.Equal(DesktopRepository["contexts/features/FEAT-001-search.yaml"],
            await alice.Http.GetStringAsync($"/api/repos/{repo}/files/contexts/features/FEAT-001-search.yaml"));
        Assert.Single((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log")).EnumerateArray());
        Assert.Empty((await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status")).GetProperty("changes").EnumerateArray());
        var report = await (await alice.Http.PostAsync($"/api/repos/{repo}/validate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("stats").GetProperty("totalEntities").GetInt32());
    }

    [Fact]
    public async Task A_tar_gz_with_git_keeps_its_history_branches_and_uncommitted_changes()
    {
        var alice = await product.Factory.SignUp();
        var source = Directory.CreateTempSubdirectory("ck-desktop-").FullName;
        Git(source, "init", "-q", "-b", "master");
        foreach (var (path, content) in DesktopRepository)
            Write(Path.Combine(source, path), content);
        Git(source, "add", "-A");
        Git(source, "-c", "user.name=Desk", "-c", "user.email=desk@example.com", "commit", "-q", "-m", "First");
        Write(Path.Combine(source, "contexts/features/FEAT-001-search.yaml"), "id: FEAT-001\ntitle: Search v2\nstatus: done\n");
        Git(source, "-c", "user.name=Desk", "-c", "user.email=desk@example.com", "commit", "-q", "-am", "Second");
        Git(source, "branch", "experiment");
        Write(Path.Combine(source, "contexts/tasks/T-001.yaml"), "id: T-001\ntitle: Index (uncommitted)\nstatus: doing\n");

        var repo = await IdOf(await Upload(alice, TarGz(source), "desktop.tar.gz"));

        var details = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}");
        var log = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log");
        var status = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/status");
        Assert.Equal("master", details.GetProperty("defaultBranch").GetString());
        Assert.Equal(["experiment", "master"], details.GetProperty("branches").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(["Second", "First"], log.EnumerateArray().Select(c => c.GetProperty("message").GetString()));
        Assert.Equal("Desk", log[0].GetProperty("author").GetString());
        var change = Assert.Single(status.GetProperty("changes").EnumerateArray());
        Assert.Equal("contexts/tasks/T-001.yaml", change.GetProperty("path").GetString());
        Assert.Contains("uncommitted", await alice.Http.GetStringAsync($"/api/repos/{repo}/files/contexts/tasks/T-001.yaml"));
    }

    [Fact]
    public async Task A_file_url_under_the_allowed_folder_is_cloned_with_its_history()
    {
        var alice = await product.Factory.SignUp();
        var source = Path.Combine(ContextKitFactory.CloneRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(source);
        Git(source, "init", "-q", "-b", "main");
        Write(Path.Combine(source, "contexts/features/FEAT-001.yaml"), "id: FEAT-001\ntitle: Cloned\nstatus: done\n");
        Git(source, "add", "-A");
        Git(source, "-c", "user.name=Up", "-c", "user.email=up@example.com", "commit", "-q", "-m", "Upstream");

        var response = await alice.Http.PostAsJsonAsync("/api/repos/import", new { name = "Cloned", cloneUrl = new Uri(source).AbsoluteUri });

        var repo = await IdOf(response);
        Assert.Equal("Upstream", (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/repos/{repo}/git/log"))[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("file:///etc")]
    [InlineData("ssh://git@example.com/x.git")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("/var/lib/other-repo")]
    [InlineData("https://user:secret@example.com/x.git")]
    public async Task Clone_urls_outside_the_policy_are_refused(string url)
    {
        var alice = await product.Factory.SignUp();
        var response = await alice.Http.PostAsJsonAsync("/api/repos/import", new { name = "Nope", cloneUrl = url });
        var problem = await Problem.Expect(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.DoesNotContain("secret", problem.GetRawText());
        Assert.Empty(await alice.Http.GetFromJsonAsync<JsonElement[]>("/api/repos") ?? []);
    }

    [Fact]
    public async Task An_entry_that_climbs_out_is_refused_and_nothing_is_written_outside()
    {
        var alice = await product.Factory.SignUp();
        var marker = "escaped-" + Guid.NewGuid().ToString("N");
        var archive = Zip([("contexts/features/FEAT-001.yaml", "id: FEAT-001\n"), ($"../../../../{marker}.txt", "pwned")]);

        await Problem.Expect(await Upload(alice, archive, "evil.zip"), HttpStatusCode.BadRequest, "bad-request");

        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), marker + ".txt")));
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), marker + "*", SearchOption.TopDirectoryOnly));
        Assert.Empty(await alice.Http.GetFromJsonAsync<JsonElement[]>("/api/repos") ?? []);
    }

    [Fact]
    public async Task Absolute_paths_and_symbolic_links_are_refused()
    {
        var alice = await product.Factory.SignUp();
        var absolute = Zip([("/etc/cron.d/evil", "x")]);
        var zipLink = Zip([], zip =>
        {
            var link = zip.CreateEntry("contexts/link");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var stream = link.Open();
            stream.Write("/etc/passwd"u8);
        });
        using var tarBuffer = new MemoryStream();
        using (var gzip = new GZipStream(tarBuffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "contexts/link") { LinkName = "/etc/passwd" });

        foreach (var (archive, name, reason) in new[]
                 {
                     (absolute, "abs.zip", "'/etc/cron.d/evil' has an absolute"),
                     (zipLink, "link.zip", "'contexts/link' is a symbolic link"),
                     (tarBuffer.ToArray(), "link.tar.gz", "'contexts/link' is a link"),
                 })
        {
            var problem = await Problem.Expect(await Upload(alice, archive, name), HttpStatusCode.BadRequest, "bad-request");
            Assert.Contains(reason, problem.GetProperty("detail").GetString());
        }
        Assert.Empty(await alice.Http.GetFromJsonAsync<JsonElement[]>("/api/repos") ?? []);
    }

    [Fact]
    public async Task Archives_over_the_limits_get_a_clear_error()
    {
        var alice = await product.Factory.SignUp();
        // 2 MiB of zeros compresses to almost nothing: the per-file limit (1 MiB here) must catch it unpacked.
        var bomb = Zip([("big.bin", new string('0', 2 * 1024 * 1024))]);
        var many = Zip(Enumerable.Range(0, 2100).Select(i => ($"f/{i}.txt", "x")));
        var huge = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(huge);

        var bombProblem = await Problem.Expect(await Upload(alice, bomb, "bomb.zip"), HttpStatusCode.BadRequest, "bad-request");
        var manyProblem = await Problem.Expect(await Upload(alice, many, "many.zip"), HttpStatusCode.BadRequest, "bad-request");
        var tooLarge = await Upload(alice, huge, "huge.zip");

        Assert.Contains("larger than", bombProblem.GetProperty("detail").GetString());
        Assert.Contains("more than 2000 entries", manyProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Something_that_is_not_an_archive_is_refused()
    {
        var alice = await product.Factory.SignUp();
        var problem = await Problem.Expect(await Upload(alice, "just text"u8.ToArray(), "notes.zip"), HttpStatusCode.BadRequest, "bad-request");
        Assert.Contains("neither a zip nor a tar.gz", problem.GetProperty("detail").GetString());
        var damaged = Zip([("a.txt", "x")])[..40];
        await Problem.Expect(await Upload(alice, damaged, "damaged.zip"), HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task Export_gives_a_zip_of_the_working_tree_without_git()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/repos/{repo}/files/notes/draft.md") { Content = new StringContent("# Draft\n") };
        put.Headers.TryAddWithoutValidation("If-None-Match", "*");
        (await alice.Http.SendAsync(put)).EnsureSuccessStatusCode();

        var response = await alice.Http.GetAsync($"/api/repos/{repo}/export");
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());

        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(zip.Entries, e => e.FullName == "notes/draft.md");
        Assert.Contains(zip.Entries, e => e.FullName == "contexts/features/FEAT-001-tool-catalogue-and-search.yaml");
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith(".git", StringComparison.Ordinal) && e.FullName != ".gitignore");
    }

    [Fact]
    public async Task An_exported_repository_imports_again()
    {
        var alice = await product.Factory.SignUp();
        var repo = await alice.CreateRepository();
        var exported = await alice.Http.GetByteArrayAsync($"/api/repos/{repo}/export");

        var again = await IdOf(await Upload(alice, exported, "again.zip", "Round trip"));

        var report = await (await alice.Http.PostAsync($"/api/repos/{again}/validate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Equal(19, report.GetProperty("stats").GetProperty("totalEntities").GetInt32());
    }

    static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    static void Git(string folder, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }

    /// <summary>A tar.gz of the folder as the tar command makes it (the desktop user's tool), .git included.</summary>
    static byte[] TarGz(string folder)
    {
        var archive = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".tar.gz");
        var start = new System.Diagnostics.ProcessStartInfo("tar", ["czf", archive, "-C", Path.GetDirectoryName(folder)!, Path.GetFileName(folder)])
            { RedirectStandardError = true };
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        }
        var bytes = File.ReadAllBytes(archive);
        File.Delete(archive);
        return bytes;
    }
}
