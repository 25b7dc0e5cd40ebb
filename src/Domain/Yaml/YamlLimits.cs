namespace ContextKit.Domain.Yaml;

/// <summary>Limits that keep a hostile or broken YAML file from exhausting the server.</summary>
public sealed record YamlLimits(int MaxBytes = 1024 * 1024, int MaxDepth = 64, int MaxAliasNodes = 10_000)
{
    public static YamlLimits Default { get; } = new();
}
