using ContextKit.Silo.Deployment;

namespace ContextKit.Silo.Migrations;

/// <summary>
/// <c>ContextKit.Silo migrate</c>: applies the PostgreSQL schema and exits. Run by <c>deploy/local/cluster.sh</c>,
/// by the Kubernetes migration Job and by the cluster tests, never by a silo at start-up. Reads the connection
/// string like the silo does (<c>ConnectionStrings:Orleans</c> from appsettings, the environment or the command line).
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> Run(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var connection = configuration.GetConnectionString(DeploymentOptions.PostgresConnection);
        if (string.IsNullOrWhiteSpace(connection))
        {
            await Console.Error.WriteLineAsync(
                $"migrate needs ConnectionStrings:{DeploymentOptions.PostgresConnection} (environment: ConnectionStrings__{DeploymentOptions.PostgresConnection}).");
            return 2;
        }
        try
        {
            var applied = await new SchemaMigrator(connection, Console.Out).Migrate(SchemaScript.All());
            Console.WriteLine($"Schema is current ({applied} script(s) applied).");
            return 0;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The message names the script or the server problem; the connection string is never printed.
            await Console.Error.WriteLineAsync($"migrate failed: {e.Message}");
            return 1;
        }
    }
}
