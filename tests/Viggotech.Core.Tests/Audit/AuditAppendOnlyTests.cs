using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Viggotech.Core.Data.Provisioning;
using Viggotech.Testing;
using Viggotech.Testing.Audit;

namespace Viggotech.Core.Tests.Audit;

/// <summary>The evidence tables accept new rows from the platform and nothing else: no change, no removal.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class AuditAppendOnlyTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    public static TheoryData<string> Changes => new()
    {
        "update audit_events set action = 'nothing.happened'",
        "update audit_events set canonical = canonical || '\\x20'::bytea, hash = hash",
        "delete from audit_events",
        "delete from audit_events where seq = 1",
        "truncate audit_events",
        "update audit_seals set signature = '\\x00'",
        "delete from audit_seals",
        "update audit_prune_records set last_seq = 0",
        "delete from audit_prune_records",
        "update audit_signing_keys set x = 'forged'",
        "delete from audit_signing_keys",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task App_role_cannot_change_or_delete_audit_rows(string sql)
    {
        var tenant = await Platform.NewTenantAsync();
        await Platform.AddAuditedNoteAsync(tenant, "evidence");
        var before = await Platform.StoredEventsAsync(tenant);
        await using var connection = await Platform.OpenAppConnectionAsync(tenant);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        var after = await Platform.StoredEventsAsync(tenant);
        Assert.Equal(before.Select(e => (e.Seq, Convert.ToHexString(e.Canonical))), after.Select(e => (e.Seq, Convert.ToHexString(e.Canonical))));
    }

    [Theory]
    [InlineData("audit_events")]
    [InlineData("audit_seals")]
    [InlineData("audit_prune_records")]
    [InlineData("audit_signing_keys")]
    public async Task App_role_may_only_read_and_insert_append_only_tables_even_after_provisioning_again(string table)
    {
        await new DatabaseProvisioner(Platform.ConnectionStrings, NullLoggerFactory.Instance).ProvisionAsync();
        await using var admin = await Platform.OpenAdminConnectionAsync();

        var privileges = await admin.ListAsync<string>(
            "select p from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p where has_table_privilege($1, $2, p) order by p",
            PlatformTestDatabase.AppRole, $"public.{table}");

        Assert.Equal(["INSERT", "SELECT"], privileges);
    }

    [Fact]
    public async Task A_mistaken_grant_still_cannot_change_evidence_because_the_trigger_refuses()
    {
        var tenant = await Platform.NewTenantAsync();
        await using var admin = await Platform.OpenAdminConnectionAsync();
        await admin.ExecuteAsync($"grant update, delete on audit_events to {PlatformTestDatabase.AppRole}");
        try
        {
            await using var connection = await Platform.OpenAppConnectionAsync(tenant);

            var update = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("update audit_events set action = 'nothing.happened'"));
            var delete = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("delete from audit_events"));

            Assert.All([update, delete], e => Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal));
            Assert.Single(await Platform.StoredEventsAsync(tenant));
        }
        finally
        {
            await admin.ExecuteAsync($"revoke update, delete on audit_events from {PlatformTestDatabase.AppRole}");
        }
    }

    [Fact]
    public async Task Even_the_owner_cannot_rewrite_an_event()
    {
        var tenant = await Platform.NewTenantAsync();
        await using var owner = await Platform.OpenOwnerConnectionAsync();
        await owner.ExecuteAsync("select set_config('app.tenant_id', $1, false)", tenant.ToString());

        var error = await Assert.ThrowsAsync<PostgresException>(() => owner.ExecuteAsync("update audit_events set action = 'nothing.happened'"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal("tenant.create", (await Platform.StoredEventsAsync(tenant)).Single().Action);
    }
}
