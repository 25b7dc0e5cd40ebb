using System.Diagnostics;

namespace ContextKit.Grains.Git;

/// <summary>
/// The few operations done with the git command line rather than LibGit2Sharp: managing worktrees of a
/// bare repository, which LibGit2Sharp 0.32 cannot add, and fetching from and pushing to remotes. Arguments are passed as a list, never through a shell.
/// </summary>
public static class GitCommandLine
{
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output, error) = Execute(workingDirectory, arguments, null);
        if (exitCode != 0)
            throw new GitCommandException(arguments.FirstOrDefault() ?? "git", exitCode, error.Trim());
        return output;
    }

    /// <summary>
    /// Runs git and returns its exit code and output, whatever the exit code. <paramref name="environment"/>
    /// adds variables (secrets go there, never into arguments, which other processes can read).
    /// </summary>
    public static (int ExitCode, string Output, string Error) Execute(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Never let a user's or system git configuration or a terminal prompt change what we do.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        // Nor a .gitconfig in the folder git runs in: a working tree holds files users wrote.
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}

/// <summary>A git command that failed; its message is for logs, not for end users (it can hold server paths).</summary>
public sealed class GitCommandException(string command, int exitCode, string error)
    : Exception($"git {command} exited with {exitCode}: {error}");
