using Npgsql;

namespace ContextKit.Silo.Migrations;

/// <summary>
/// Brings a PostgreSQL database to the newest schema of <c>deploy/sql</c>: each script not yet recorded in
/// <c>contextkit_schema_version</c> runs in its own transaction and is recorded with its checksum. A
/// transaction-level advisory lock lets several migration jobs start at once; a recorded script whose text
/// changed since is refused, because a released script must never change (add a new one).
/// </summary>
public sealed class SchemaMigrator(string connectionString, TextWriter log)
{
    const long LockKey = 0x636b_5f73_6368_656d; // "ck_schem"

    public async Task<int> Migrate(IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS contextkit_schema_version (
                version    integer PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);

        var applied = 0;
        foreach (var script in scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
            var recorded = await RecordedChecksum(connection, transaction, script.Version, cancellationToken);
            if (recorded is not null)
            {
                if (recorded != script.Checksum)
                    throw new InvalidOperationException(
                        $"Schema script {script.Version:000}_{script.Name} was applied with different text (checksum {recorded}); released scripts must not change.");
                await transaction.RollbackAsync(cancellationToken);
                log.WriteLine($"schema {script.Version:000}_{script.Name}: already applied");
                continue;
            }
            await Execute(connection, transaction, script.Sql, cancellationToken);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO contextkit_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", script.Version);
                record.Parameters.AddWithValue("name", script.Name);
                record.Parameters.AddWithValue("checksum", script.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            applied++;
            log.WriteLine($"schema {script.Version:000}_{script.Name}: applied");
        }
        return applied;
    }

    static async Task<string?> RecordedChecksum(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT checksum FROM contextkit_schema_version WHERE version = @version", connection, transaction);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
