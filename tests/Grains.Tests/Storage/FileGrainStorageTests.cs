using ContextKit.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace ContextKit.Grains.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ck-storage-" + Guid.NewGuid().ToString("N")[..8]);
    readonly FileGrainStorage storage;
    static readonly GrainId Grain = GrainId.Create("test", "feature/x y");

    public FileGrainStorageTests()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        storage = new FileGrainStorage("state", folder, new OrleansGrainStorageSerializer(serializer), NullLogger<FileGrainStorage>.Instance);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    sealed class Holder : IGrainState<List<string>>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull] public List<string> State { get; set; } = [];
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    [Fact]
    public async Task State_written_is_read_back_with_its_etag()
    {
        var written = new Holder { State = ["a", "b"] };
        await storage.WriteStateAsync("s", Grain, written);

        var read = new Holder();
        await storage.ReadStateAsync("s", Grain, read);

        Assert.Equal(["a", "b"], read.State);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_missing_record_reads_as_new()
    {
        var read = new Holder();
        await storage.ReadStateAsync("s", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_is_refused_and_keeps_the_newer_state()
    {
        var first = new Holder { State = ["first"] };
        await storage.WriteStateAsync("s", Grain, first);
        var stale = new Holder();
        await storage.ReadStateAsync("s", Grain, stale);
        first.State = ["second"];
        await storage.WriteStateAsync("s", Grain, first);

        stale.State = ["stale"];
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, stale));

        var read = new Holder();
        await storage.ReadStateAsync("s", Grain, read);
        Assert.Equal(["second"], read.State);
    }

    [Fact]
    public async Task Keys_with_slashes_stay_inside_the_folder()
    {
        await storage.WriteStateAsync("s", GrainId.Create("test", "../../escape"), new Holder { State = ["x"] });
        var file = Assert.Single(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
        Assert.StartsWith(Path.GetFullPath(folder), Path.GetFullPath(file));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"Format\":1,\"ETag\":\"e\",\"Sha256\":\"00\",\"Payload\":\"AAAA\"}")]
    [InlineData("")]
    public async Task A_corrupt_state_file_stops_the_start_up_check_naming_the_file(string content)
    {
        await storage.WriteStateAsync("s", Grain, new Holder { State = ["x"] });
        var file = Directory.GetFiles(folder, "*.state.json", SearchOption.AllDirectories).Single();
        await File.WriteAllTextAsync(file, content);

        var failure = await Assert.ThrowsAsync<CorruptGrainStateException>(() => storage.CheckAllFiles(CancellationToken.None));

        Assert.Contains(file, failure.Message);
        await Assert.ThrowsAsync<CorruptGrainStateException>(() => storage.ReadStateAsync("s", Grain, new Holder()));
    }

    [Fact]
    public async Task Clearing_removes_the_record()
    {
        var state = new Holder { State = ["x"] };
        await storage.WriteStateAsync("s", Grain, state);
        await storage.ClearStateAsync("s", Grain, state);
        var read = new Holder();
        await storage.ReadStateAsync("s", Grain, read);
        Assert.False(read.RecordExists);
    }
}
