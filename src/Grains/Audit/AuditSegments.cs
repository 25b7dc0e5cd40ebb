using System.Globalization;
using System.Text;
using System.Text.Json;
using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Audit;

/// <summary>
/// One audit log on disk: a folder of numbered JSON-lines segments (<c>000001.jsonl</c>, …). Entries are only ever
/// appended (and flushed before the caller hears back); a segment past its size starts the next one, and the oldest
/// segments beyond the cap are deleted. Not thread-safe: its grain serialises the calls.
/// </summary>
public sealed class AuditSegments(string folder, long segmentBytes, int maxSegments)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The sequence of the newest entry on disk (0 for an empty log).</summary>
    public async Task<long> LastSequence()
    {
        foreach (var segment in Segments().Reverse())
        {
            var lines = await File.ReadAllLinesAsync(segment);
            for (var i = lines.Length - 1; i >= 0; i--)
                if (lines[i].Length > 0 && Parse(lines[i]) is { } entry)
                    return entry.Sequence;
        }
        return 0;
    }

    public async Task Append(AuditEntry entry)
    {
        Directory.CreateDirectory(folder);
        var segments = Segments().ToList();
        var current = segments.LastOrDefault();
        if (current is null || new FileInfo(current).Length >= segmentBytes)
        {
            current = Path.Combine(folder, $"{NumberOf(current) + 1:D6}.jsonl");
            segments.Add(current);
            foreach (var old in segments.Take(Math.Max(0, segments.Count - maxSegments)))
                File.Delete(old);
        }
        var line = JsonSerializer.Serialize(entry, Json) + "\n";
        // After a crash mid-line the torn fragment gets its own line, so the new entry stays whole.
        if (EndsTorn(current))
            line = "\n" + line;
        await using var stream = new FileStream(current, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line));
        await stream.FlushAsync();
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Entries newest first (or oldest first), read lazily segment by segment.</summary>
    public async IAsyncEnumerable<AuditEntry> Read(bool newestFirst)
    {
        var segments = newestFirst ? Segments().Reverse() : Segments();
        foreach (var segment in segments)
        {
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(segment);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            var ordered = newestFirst ? lines.Reverse() : lines;
            foreach (var line in ordered)
                if (line.Length > 0 && Parse(line) is { } entry)
                    yield return entry;
        }
    }

    static bool EndsTorn(string segment)
    {
        if (!File.Exists(segment))
            return false;
        using var stream = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0)
            return false;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }

    public int SegmentCount => Segments().Count();

    IEnumerable<string> Segments() =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.jsonl").Where(f => NumberOf(f) > 0).OrderBy(NumberOf)
            : [];

    static long NumberOf(string? segment) =>
        segment is not null && long.TryParse(Path.GetFileNameWithoutExtension(segment), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>A line torn by a crash mid-write is skipped, not fatal.</summary>
    static AuditEntry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditEntry>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
