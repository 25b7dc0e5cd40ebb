namespace ContextKit.Grains.Hosting;

/// <summary>
/// Where Context Kit keeps its data on disk. Everything lives under <see cref="DataPath"/> unless a
/// folder is set on its own (in Kubernetes the repositories sit on a shared volume).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "ContextKit";

    /// <summary>The data folder: <c>./data</c>, <c>--data DIR</c> or <c>CONTEXTKIT_DATA</c>.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Git repositories and their working trees; defaults to <c>{DataPath}/repos</c>.</summary>
    public string? RepositoriesPath { get; set; }

    /// <summary>Grain state files of the embedded default; defaults to <c>{DataPath}/grains</c>.</summary>
    public string? GrainsPath { get; set; }

    /// <summary>Generated keys (token signing); defaults to <c>{DataPath}/keys</c>.</summary>
    public string? KeysPath { get; set; }

    /// <summary>Audit logs (append-only JSON lines per repository and account); defaults to <c>{DataPath}/audit</c>.</summary>
    public string? AuditPath { get; set; }

    /// <summary>Bytes after which an audit log starts a new segment.</summary>
    public long AuditSegmentBytes { get; set; } = 1024 * 1024;

    /// <summary>Segments kept per audit log; the oldest goes when a new one starts (the cap of a log is about Bytes × Segments).</summary>
    public int AuditSegments { get; set; } = 64;

    public string Audit => Path.GetFullPath(AuditPath ?? Path.Combine(DataPath, "audit"));

    public string Repositories => Path.GetFullPath(RepositoriesPath ?? Path.Combine(DataPath, "repos"));

    public string Grains => Path.GetFullPath(GrainsPath ?? Path.Combine(DataPath, "grains"));

    public string Keys => Path.GetFullPath(KeysPath ?? Path.Combine(DataPath, "keys"));
}
