namespace ContextKit.Grains.Imports;

/// <summary>How much an imported archive may hold, and where repositories may be cloned from.</summary>
public sealed class ImportLimits
{
    public const string Section = "ContextKit:Import";

    /// <summary>The uploaded archive itself (100 MiB).</summary>
    public long MaxArchiveBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Entries in the archive, files and folders (50,000).</summary>
    public int MaxEntries { get; set; } = 50_000;

    /// <summary>One file once unpacked (50 MiB; git pack files of a large history need room).</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Everything once unpacked (1 GiB): stops a zip bomb.</summary>
    public long MaxTotalBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Folders under which <c>file://</c> clone URLs are allowed. Empty by default: a file URL could
    /// otherwise read any repository on the server, other people's included.
    /// </summary>
    public List<string> FileUrlRoots { get; set; } = [];

    /// <summary>Whether <c>http(s)://</c> clone URLs are allowed.</summary>
    public bool AllowHttpUrls { get; set; } = true;
}
