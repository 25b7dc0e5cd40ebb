namespace ContextKit.Domain.Snapshots;

/// <summary>A derived file an engine wants written, at its repository-relative path. Engines never write files themselves.</summary>
public sealed record GeneratedFile(string Path, string Content);
