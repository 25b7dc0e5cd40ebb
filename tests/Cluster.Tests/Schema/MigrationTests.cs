using ContextKit.Cluster.Tests.Infrastructure;
using Npgsql;

namespace ContextKit.Cluster.Tests.Schema;

[Collection(ClusterCollection.Name)]
public sealed class MigrationTests(Services services)
{
    /// <summary>The named queries the Orleans 10.4.2 ADO.NET clustering and persistence providers read from OrleansQuery.</summary>
    static readonly string[] OrleansQueries =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [Fact]
    public async Task Migrate_creates_the_schema_once_and_a_second_run_changes_nothing()
    {
        await using var cluster = await TestCluster.Create(services.Postgres); // runs migrate once

        var second = await cluster.Migrate();

        Assert.Contains("001_membership: already applied", second);
        Assert.Contains("002_grain_state: already applied", second);
        Assert.Contains("(0 script(s) applied)", second);
        Assert.Equal(OrleansQueries.Order(), (await Strings(cluster, "SELECT querykey FROM orleansquery")).Order());
        Assert.Equal(["1", "2"], await Strings(cluster, "SELECT version::text FROM contextkit_schema_version ORDER BY version"));
    }

    [Fact]
    public async Task Migrate_refuses_a_database_whose_applied_script_differs_from_the_shipped_one()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        await Strings(cluster, "UPDATE contextkit_schema_version SET checksum = 'edited' WHERE version = 1 RETURNING name");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(cluster.Migrate);

        Assert.Contains("001_membership was applied with different text", error.Message);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    static async Task<List<string>> Strings(TestCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }
}
