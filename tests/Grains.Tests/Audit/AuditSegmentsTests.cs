using ContextKit.Grains.Audit;
using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Tests.Audit;

public class AuditSegmentsTests
{
    static AuditEntry Entry(long sequence) =>
        new(sequence, DateTimeOffset.UnixEpoch.AddMinutes(sequence), "u1", "Ada", "files.put", $"notes/{sequence}.md", AuditSources.Api, "127.0.0.1");

    [Fact]
    public async Task Segments_roll_at_their_size_and_only_the_newest_are_kept()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ck-audit-seg-" + Guid.NewGuid().ToString("N")[..8]);
        var log = new AuditSegments(folder, segmentBytes: 1000, maxSegments: 3);
        for (var i = 1; i <= 200; i++)
            await log.Append(Entry(i));

        var newest = new List<AuditEntry>();
        await foreach (var entry in log.Read(newestFirst: true))
            newest.Add(entry);

        Assert.Equal(3, log.SegmentCount);
        Assert.Equal(200, await new AuditSegments(folder, 1000, 3).LastSequence());
        Assert.Equal(200, newest[0].Sequence);
        // What is kept is a contiguous run up to the newest entry.
        Assert.Equal(Enumerable.Range(0, newest.Count).Select(i => 200L - i), newest.Select(e => e.Sequence));
        Assert.True(newest.Count is > 5 and < 200, $"{newest.Count} entries kept");
    }

    [Fact]
    public async Task A_line_torn_by_a_crash_is_skipped_and_the_log_goes_on()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ck-audit-torn-" + Guid.NewGuid().ToString("N")[..8]);
        var log = new AuditSegments(folder, 1 << 20, 4);
        await log.Append(Entry(1));
        await log.Append(Entry(2));
        await File.AppendAllTextAsync(Directory.GetFiles(folder).Single(), "{\"sequence\":3,\"at\":\"20");

        var reopened = new AuditSegments(folder, 1 << 20, 4);
        var last = await reopened.LastSequence();
        await reopened.Append(Entry(3));
        var all = new List<long>();
        await foreach (var entry in reopened.Read(newestFirst: false))
            all.Add(entry.Sequence);

        Assert.Equal(2, last);
        Assert.Equal([1L, 2L, 3L], all);
    }
}
