using System.Formats.Tar;
using System.IO.Compression;
using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Imports;

/// <summary>
/// Unpacks an uploaded zip or tar.gz of a repository folder into a fresh staging folder, refusing
/// anything that could write elsewhere or exhaust the server: entries that climb out (<c>..</c>),
/// absolute paths, symbolic and hard links, devices, and archives over the <see cref="ImportLimits"/>.
/// A single top-level folder holding everything is stripped, so "toolshed/contexts/…" imports as "contexts/…".
/// </summary>
public static class ArchiveExtractor
{
    public static void Extract(string archivePath, string destination, ImportLimits limits)
    {
        try
        {
            Unpack(archivePath, destination, limits);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            // A damaged archive can fail late (an entry's data), and two entries can clash ("a" a file and "a/b").
            throw new BadRequestException("The archive cannot be unpacked: it is damaged, or two of its entries clash (a file and a folder of the same name).");
        }
    }

    static void Unpack(string archivePath, string destination, ImportLimits limits)
    {
        var entries = Read(archivePath, limits);
        var prefix = CommonTopFolder(entries.Select(e => e.Path).ToList());
        Directory.CreateDirectory(destination);
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        long total = 0;
        foreach (var entry in entries)
        {
            var relative = prefix is null ? entry.Path : entry.Path.Length <= prefix.Length ? "" : entry.Path[prefix.Length..];
            if (relative.Length == 0)
                continue;
            var target = Path.GetFullPath(Path.Combine(destination, relative));
            // Belt and braces: the path check already refused "..", but nothing may land outside.
            if (!target.StartsWith(root, StringComparison.Ordinal))
                throw new BadRequestException($"The archive entry '{entry.Path}' points outside the repository.");
            if (entry.IsDirectory)
            {
                Directory.CreateDirectory(target);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var input = entry.Open();
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
            var written = CopyLimited(input, output, limits.MaxFileBytes, entry.Path);
            total += written;
            if (total > limits.MaxTotalBytes)
                throw new BadRequestException($"The archive unpacks to more than {limits.MaxTotalBytes / (1024 * 1024)} MiB.");
        }
    }

    sealed record Entry(string Path, bool IsDirectory, Func<Stream> Open);

    static List<Entry> Read(string archivePath, ImportLimits limits)
    {
        using var probe = File.OpenRead(archivePath);
        Span<byte> magic = stackalloc byte[4];
        var read = probe.Read(magic);
        probe.Close();
        if (read >= 4 && magic[0] == 'P' && magic[1] == 'K')
            return ReadZip(archivePath, limits);
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return ReadTarGz(archivePath, limits);
        throw new BadRequestException("The upload is neither a zip nor a tar.gz archive.");
    }

    static List<Entry> ReadZip(string archivePath, ImportLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException)
        {
            throw new BadRequestException("The zip archive is damaged and cannot be read.");
        }
        if (zip.Entries.Count > limits.MaxEntries)
            throw new BadRequestException($"The archive holds more than {limits.MaxEntries} entries.");
        var entries = new List<Entry>();
        foreach (var entry in zip.Entries)
        {
            // The high 16 bits of the external attributes carry the Unix mode; 0xA000 is a symbolic link.
            var unixType = (entry.ExternalAttributes >> 16) & 0xF000;
            if (unixType == 0xA000)
                throw new BadRequestException($"The archive entry '{entry.FullName}' is a symbolic link; links are not imported.");
            var isDirectory = entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');
            if (!isDirectory && entry.Length > limits.MaxFileBytes)
                throw new BadRequestException($"The archive entry '{entry.FullName}' is larger than {limits.MaxFileBytes / (1024 * 1024)} MiB.");
            entries.Add(new Entry(CheckPath(entry.FullName), isDirectory, entry.Open));
        }
        return entries;
    }

    static List<Entry> ReadTarGz(string archivePath, ImportLimits limits)
    {
        // A tar cannot be read twice cheaply; entries are copied into memory only up to the limits.
        var entries = new List<Entry>();
        try
        {
            using var file = File.OpenRead(archivePath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            long total = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                if (entries.Count >= limits.MaxEntries)
                    throw new BadRequestException($"The archive holds more than {limits.MaxEntries} entries.");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        entries.Add(new Entry(CheckPath(entry.Name), true, () => Stream.Null));
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        var buffer = new MemoryStream();
                        if (entry.DataStream is { } data)
                            CopyLimited(data, buffer, limits.MaxFileBytes, entry.Name);
                        total += buffer.Length;
                        if (total > limits.MaxTotalBytes)
                            throw new BadRequestException($"The archive unpacks to more than {limits.MaxTotalBytes / (1024 * 1024)} MiB.");
                        var bytes = buffer.ToArray();
                        entries.Add(new Entry(CheckPath(entry.Name), false, () => new MemoryStream(bytes)));
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        throw new BadRequestException($"The archive entry '{entry.Name}' is a link; links are not imported.");
                    case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                        break;
                    default:
                        throw new BadRequestException($"The archive entry '{entry.Name}' is not a file or folder.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new BadRequestException("The tar.gz archive is damaged and cannot be read.");
        }
        return entries;
    }

    static long CopyLimited(Stream input, Stream output, long limit, string name)
    {
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            written += read;
            if (written > limit)
                throw new BadRequestException($"The archive entry '{name}' is larger than {limit / (1024 * 1024)} MiB.");
            output.Write(buffer, 0, read);
        }
        return written;
    }

    /// <summary>The entry's path with '/' separators; refuses absolute paths, '..', drive letters and control characters.</summary>
    static string CheckPath(string name)
    {
        var path = name.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':') || path.Any(char.IsControl))
            throw new BadRequestException($"The archive entry '{name}' has an absolute or invalid path.");
        var segments = path.TrimEnd('/').Split('/');
        if (segments.Any(s => s is ".." || s.Length == 0 && segments.Length > 1))
            throw new BadRequestException($"The archive entry '{name}' climbs out of the repository.");
        return string.Join('/', segments.Where(s => s != "."));
    }

    /// <summary>"top/" when every entry lies in that one folder (the usual "zip of a folder"), else null.</summary>
    static string? CommonTopFolder(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
            return null;
        var first = paths[0].Split('/')[0];
        if (first is ".git" or "contexts" or ".context")
            return null;
        return paths.All(p => p == first || p.StartsWith(first + "/", StringComparison.Ordinal)) && paths.Any(p => p.Length > first.Length)
            ? first + "/"
            : null;
    }
}
