using Npgsql;

namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the test run, on a free loopback port with its socket in its own folder.
/// PostgreSQL refuses to run as root, so as root the server runs as the postgres user. Each cluster of a
/// test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ck-pg-" + Guid.NewGuid().ToString("N")[..8]);
    int port;

    string Data => Path.Combine(folder, "data");

    public async Task InitializeAsync()
    {
        var bin = Bin();
        Directory.CreateDirectory(Data);
        if (IsRoot)
        {
            await Run("chown", ["-R", "postgres", folder]);
            await Run("chmod", ["700", Data]);
        }
        await RunAsPostgres(Path.Combine(bin, "initdb"), ["-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        port = Ports.Free();
        await RunAsPostgres(Path.Combine(bin, "pg_ctl"),
            ["-D", Data, "-l", Path.Combine(folder, "server.log"), "-o", $"-h 127.0.0.1 -p {port} -k {Data}", "-w", "start"]);
    }

    /// <summary>A fresh, empty database and its connection string.</summary>
    public async Task<string> CreateDatabase()
    {
        var name = "ck_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={port};Database={database};Username=postgres";

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            await RunAsPostgres(Path.Combine(Bin(), "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"]);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static bool IsRoot => Environment.UserName == "root";

    static string Bin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d).LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("The cluster tests need PostgreSQL (apt-get install -y postgresql); .ci/run installs it.");
    }

    static Task RunAsPostgres(string file, string[] arguments) =>
        IsRoot ? Run("runuser", ["-u", "postgres", "--", file, .. arguments]) : Run(file, arguments);

    static async Task Run(string file, string[] arguments)
    {
        await using var process = ServiceProcess.Start(file, arguments, new Dictionary<string, string?>(), workingDirectory: "/");
        var code = await process.WaitForExit(TimeSpan.FromMinutes(2));
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {code}:\n{process.Output}");
    }
}
