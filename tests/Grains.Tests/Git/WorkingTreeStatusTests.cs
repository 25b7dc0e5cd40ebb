using ContextKit.Grains.Git;

namespace ContextKit.Grains.Tests.Git;

/// <summary>The working tree's status (read from the git command line) on a real repository.</summary>
public sealed class WorkingTreeStatusTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ck-status-" + Guid.NewGuid().ToString("N")[..8]);

    public WorkingTreeStatusTests()
    {
        Directory.CreateDirectory(folder);
        Git("init", "--quiet", "--initial-branch=main");
        foreach (var name in new[] { "modified.txt", "deleted.txt", "moved.txt", "both.txt" })
            File.WriteAllText(Path.Combine(folder, name), $"{name}\nline two\n");
        Git("add", "--all");
        Git("commit", "--quiet", "-m", "First");
    }

    [Fact]
    public void Every_kind_of_change_is_named_with_its_exact_path()
    {
        File.AppendAllText(Path.Combine(folder, "modified.txt"), "more\n");
        File.Delete(Path.Combine(folder, "deleted.txt"));
        Git("mv", "moved.txt", "renamed.txt");
        Directory.CreateDirectory(Path.Combine(folder, "new folder"));
        File.WriteAllText(Path.Combine(folder, "new folder", "ünïcode name.md"), "# New\n");

        using var tree = new WorkingTree(folder);

        Assert.Equal(
            [("deleted.txt", "deleted"), ("modified.txt", "modified"), ("new folder/ünïcode name.md", "added"), ("renamed.txt", "renamed")],
            tree.Status());
    }

    [Fact]
    public void A_file_with_a_merge_conflict_is_conflicted()
    {
        Git("checkout", "--quiet", "-b", "other");
        File.WriteAllText(Path.Combine(folder, "both.txt"), "theirs\n");
        Git("commit", "--quiet", "-am", "Theirs");
        Git("checkout", "--quiet", "main");
        File.WriteAllText(Path.Combine(folder, "both.txt"), "ours\n");
        Git("commit", "--quiet", "-am", "Ours");
        GitCommandLine.Execute(folder, ["-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "other"], null);

        using var tree = new WorkingTree(folder);

        Assert.Equal([("both.txt", "conflicted")], tree.Status());
    }

    void Git(params string[] arguments) =>
        GitCommandLine.Run(folder, ["-c", "user.name=Test", "-c", "user.email=test@example.com", .. arguments]);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
