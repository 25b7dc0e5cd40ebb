using System.Diagnostics;
using System.Text;

namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>A child process whose output is kept for failure messages, with kill -9 and a graceful SIGTERM.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly StringBuilder output = new();
    readonly Process process;

    public event Action<string>? Line;

    ServiceProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public static ServiceProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string? workingDirectory = null, Action<ServiceProcess>? beforeStart = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var child = new ServiceProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        beforeStart?.Invoke(child);
        child.process.OutputDataReceived += (_, e) => child.Record(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Record(e.Data);
        child.process.Start();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
        Line?.Invoke(line);
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    /// <summary>kill -9: no shutdown code runs, as when a node dies.</summary>
    public async Task KillHard()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod, then waits for the process to end by itself.</summary>
    public async Task<int> Terminate(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
                await KillHard();
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        process.Dispose();
    }

    /// <summary>The dotnet host that runs these tests, else the one on the PATH.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
