namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>Paths of this checkout, found from the test assembly upwards.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ContextKit.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("ContextKit.sln not found above the test assembly.");
    }
}
