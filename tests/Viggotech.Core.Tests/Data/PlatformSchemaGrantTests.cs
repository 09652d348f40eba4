using Npgsql;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Data;

/// <summary>
/// Platform tables are not tenant rows: the app role gets only what each writer needs, so a
/// compromised service can add to the record but not rewrite or erase it.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class PlatformSchemaGrantTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Theory]
    [InlineData("delete from platform.probe_results")]
    [InlineData("update platform.probe_results set healthy = true")]
    [InlineData("delete from platform.drill_reports")]
    [InlineData("update platform.drill_reports set lost_writes = 0")]
    [InlineData("delete from platform.job_runs")]
    [InlineData("update platform.job_runs set job_name = 'x'")]
    [InlineData("delete from platform.job_leases")]
    [InlineData("delete from platform.blob_copies")]
    [InlineData("delete from platform.drill_writes")]
    [InlineData("delete from platform.mail_outbox")]
    [InlineData("update platform.mail_outbox set to_address = 'attacker@example.com'")]
    [InlineData("update platform.mail_outbox set text_body = 'x'")]
    [InlineData("truncate platform.probe_results")]
    [InlineData("delete from platform.restore_requests")]
    [InlineData("update platform.restore_requests set requested_by = 'someone else'")]
    [InlineData("update platform.restore_requests set reason = 'x', mode = 'inplace'")]
    [InlineData("create table platform.shadow (id int)")]
    public async Task App_role_cannot_rewrite_or_erase_platform_history(string sql)
    {
        await using var connection = await Platform.OpenAppConnectionAsync(tenantId: null);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task App_role_records_probes_and_closes_job_runs()
    {
        await using var connection = await Platform.OpenAppConnectionAsync(tenantId: null);

        await connection.ExecuteAsync("insert into platform.probe_results (component, healthy, latency_ms) values ('grant-test', true, 1)");
        var run = await connection.ScalarAsync<long>("insert into platform.job_runs (job_name, holder) values ('grant-test', 'me') returning id");
        await connection.ExecuteAsync("update platform.job_runs set finished_at = now(), outcome = 'succeeded' where id = $1", run);

        Assert.Equal("succeeded", await connection.ScalarAsync<string>("select outcome from platform.job_runs where id = $1", run));
    }

    [Fact]
    public async Task Pruning_history_keeps_recent_rows()
    {
        await using (var admin = await Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync(
                "insert into platform.probe_results (component, probed_at, healthy, latency_ms) values ('prune-test', now() - interval '2 days', true, 1), ('prune-test', now() - interval '500 days', true, 1)");
            // Outbox mail: waiting (kept however old), sent recently (kept), sent long ago (pruned).
            await admin.ExecuteAsync("""
                insert into platform.mail_outbox (to_address, subject, text_body, attempts, created_at, sent_at) values
                    ('ops@example.test', 'prune-test', 'x', 3, now() - interval '60 days', null),
                    ('ops@example.test', 'prune-test', 'x', 1, now() - interval '2 days', now() - interval '2 days'),
                    ('ops@example.test', 'prune-test', 'x', 1, now() - interval '40 days', now() - interval '40 days')
                """);
        }

        await using var connection = await Platform.OpenAppConnectionAsync(tenantId: null);
        await connection.ScalarAsync<long>("select platform.prune_history()");

        Assert.Equal(1L, await connection.ScalarAsync<long>("select count(*) from platform.probe_results where component = 'prune-test'"));
        Assert.Equal(2L, await connection.ScalarAsync<long>("select count(*) from platform.mail_outbox where subject = 'prune-test'"));
    }
}
