using Npgsql;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ReplicationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Region_b_replica_is_a_synchronous_standby()
    {
        await using var primary = await OpenAsync(platform.Ports["PostgresPrimary"]);
        await using var command = new NpgsqlCommand("select application_name, sync_state from pg_stat_replication", primary);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the primary has no standby");
        Assert.Equal("replica1", reader.GetString(0));
        Assert.Equal("sync", reader.GetString(1));
    }

    [Fact]
    public async Task Row_committed_on_the_primary_is_read_on_the_replica()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using (var primary = await OpenAsync(platform.Ports["PostgresPrimary"]))
        {
            // remote_apply: the commit returns only once the standby has applied it, so the read below needs no polling.
            await Execute(primary, "set synchronous_commit = remote_apply");
            await Execute(primary, "create table if not exists replication_probe (marker text primary key)");
            await Execute(primary, $"insert into replication_probe values ('{marker}')");
        }

        await using var replica = await OpenAsync(platform.Ports["PostgresReplica"]);
        await using var read = new NpgsqlCommand("select count(*) from replication_probe where marker = @marker", replica);
        read.Parameters.AddWithValue("marker", marker);
        Assert.Equal(1L, await read.ExecuteScalarAsync());

        await using var recovery = new NpgsqlCommand("select pg_is_in_recovery()", replica);
        Assert.Equal(true, await recovery.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Plain_tcp_without_tls_is_refused()
    {
        var builder = new NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.DatabaseAdmin))
        {
            Host = "127.0.0.1",
            Port = platform.Ports["PostgresPrimary"],
            TargetSessionAttributes = null,
            SslMode = SslMode.Disable,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Contains("no encryption", error.MessageText, StringComparison.Ordinal);
    }

    private Task<NpgsqlConnection> OpenAsync(int port) => platform.AdminConnectionAsync(port);

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
