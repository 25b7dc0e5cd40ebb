using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;

namespace ContextKit.Benchmarks;

/// <summary>
/// Status, diff and commit of one file in a generated repository, through LibGit2Sharp (one open repository, as a
/// workspace keeps it), through the git command line (a process per operation, as <see cref="GitCommandLine"/> runs
/// it) and through the product's <see cref="WorkingTree"/> (which uses the faster of the two), on the same repository.
/// </summary>
public static class GitBenchmarks
{
    public static void Run(BenchmarkOptions options)
    {
        foreach (var size in options.Sizes)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"ck-bench-git-{size}-{Guid.NewGuid():N}"[..32]);
            var files = RepositoryGenerator.Generate(size);
            Create(folder, files);
            try
            {
                Measure(folder, files.Count, options.Rounds);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    static void Create(string folder, Dictionary<string, string> files)
    {
        Directory.CreateDirectory(folder);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        GitCommandLine.Run(folder, "init", "--quiet", "--initial-branch=main");
        GitCommandLine.Run(folder, "add", "--all");
        Cli(folder, "commit", "--quiet", "-m", "Generated");
    }

    static void Measure(string folder, int fileCount, int rounds)
    {
        const string edited = "contexts/tasks/T-001.yaml";
        var full = Path.Combine(folder, edited);
        var original = File.ReadAllText(full);
        var round = 0;
        void Edit() => File.WriteAllText(full, original + $"# edit {round++}\n");
        using var tree = new WorkingTree(folder);
        var author = RepositoryStore.Signature(new Actor("bench", "Bench", "bench@example.com"));

        using var git = new LibGit2Sharp.Repository(folder);
        var statusOptions = new LibGit2Sharp.StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true };
        string[] cliStatus = ["--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all"];

        Harness.Header($"Git, {fileCount:N0} files: LibGit2Sharp against the git command line");
        Harness.Measure("status, clean tree — LibGit2Sharp RetrieveStatus", rounds, () => git.RetrieveStatus(statusOptions));
        Harness.Measure("status, clean tree — git CLI", rounds, () => GitCommandLine.Run(folder, cliStatus));
        Edit();
        Harness.Measure("status, one file changed — LibGit2Sharp RetrieveStatus", rounds, () => git.RetrieveStatus(statusOptions));
        Harness.Measure("status, one file changed — git CLI", rounds, () => GitCommandLine.Run(folder, cliStatus));
        Harness.Measure("status, one file changed — product (WorkingTree.Status)", rounds, () => tree.Status());
        Harness.Measure("diff working tree vs HEAD — LibGit2Sharp tree→workdir", rounds, () =>
            git.Diff.Compare<LibGit2Sharp.Patch>(git.Head.Tip.Tree, LibGit2Sharp.DiffTargets.WorkingDirectory));
        Harness.Measure("diff working tree vs HEAD — LibGit2Sharp tree→index+workdir", rounds, () =>
            git.Diff.Compare<LibGit2Sharp.Patch>(git.Head.Tip.Tree, LibGit2Sharp.DiffTargets.Index | LibGit2Sharp.DiffTargets.WorkingDirectory));
        Harness.Measure("diff working tree vs HEAD — git CLI", rounds, () => GitCommandLine.Run(folder, "diff", "HEAD", "--find-renames"));
        Harness.Measure("diff working tree vs HEAD — product (WorkingTree.Diff: hunks, renames)", rounds, () => tree.Diff(null, null, null));
        var path = RepoPath.Parse(edited);
        Harness.Measure("diff of one path — product (LibGit2Sharp)", rounds, () => tree.Diff(path, null, null));
        Harness.Measure("diff of one path — git CLI", rounds, () => GitCommandLine.Run(folder, "diff", "HEAD", "--", edited));
        Harness.Measure("commit one file — product (CLI status + LibGit2Sharp stage + commit)", rounds, () =>
        {
            Edit();
            // As the workspace does: one status to know what changed, then stage and commit.
            var changed = tree.Status().Select(c => c.Path).ToList();
            tree.Commit(changed, "Bench", author);
        });
        Harness.Measure("commit one file — git CLI (add + commit)", rounds, () =>
        {
            Edit();
            GitCommandLine.Run(folder, "add", "--", edited);
            Cli(folder, "commit", "--quiet", "-m", "Bench", "--", edited);
        });
    }

    static void Cli(string folder, params string[] arguments) =>
        GitCommandLine.Run(folder, ["-c", "user.name=Bench", "-c", "user.email=bench@example.com", .. arguments]);
}
