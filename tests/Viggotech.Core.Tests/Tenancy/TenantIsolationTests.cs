using Microsoft.EntityFrameworkCore;
using Npgsql;
using Viggotech.Core.Notes;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Tenancy;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class TenantIsolationTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task Tenant_sees_none_of_another_tenants_notes_through_EF_even_without_query_filters()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());
        var aNote = await Platform.AddNoteAsync(a, "a's note");
        await Platform.AddNoteAsync(b, "b's note");

        await using var scope = Platform.ForTenant(a);
        var notes = await scope.Db.Notes.IgnoreQueryFilters().ToListAsync();
        var tenants = await scope.Db.Tenants.IgnoreQueryFilters().Select(t => t.Id).ToListAsync();

        Assert.Equal(aNote, Assert.Single(notes).Id);
        Assert.Equal(a, Assert.Single(tenants));
    }

    [Fact]
    public async Task Tenant_sees_none_of_another_tenants_notes_through_raw_sql_as_the_app_role()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());
        await Platform.AddNoteAsync(a, "a's note");
        await Platform.AddNoteAsync(b, "b's note");

        await using var connection = await Platform.OpenAppConnectionAsync(a);

        Assert.Equal([a], await connection.ListAsync<Guid>("select tenant_id from notes"));
        Assert.Equal(0L, await connection.ScalarAsync<long>("select count(*) from notes where tenant_id = $1", b));
        Assert.Equal([a], await connection.ListAsync<Guid>("select id from tenants"));
    }

    [Fact]
    public async Task Without_a_tenant_context_nothing_is_visible()
    {
        var a = await Platform.NewTenantAsync();
        await Platform.AddNoteAsync(a, "a's note");

        await using (var scope = Platform.WithoutTenant())
        {
            Assert.Equal(0, await scope.Db.Notes.IgnoreQueryFilters().CountAsync());
            Assert.Equal(0, await scope.Db.Tenants.IgnoreQueryFilters().CountAsync());
        }

        // Never set in the session, and set to empty (what the interceptor writes for no tenant).
        await using var unset = await Platform.OpenAppConnectionAsync(tenantId: null);
        Assert.Equal(0L, await unset.ScalarAsync<long>("select count(*) from notes"));
        await unset.ExecuteAsync("select set_config('app.tenant_id', '', false)");
        Assert.Equal(0L, await unset.ScalarAsync<long>("select count(*) from notes"));
        Assert.Equal(0L, await unset.ScalarAsync<long>("select count(*) from tenants"));
    }

    [Fact]
    public async Task Inserting_a_note_for_another_tenant_violates_the_policy()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());

        await using (var scope = Platform.ForTenant(a))
        {
            scope.Db.Notes.Add(new Note { TenantId = b, Title = "planted", Body = "planted" });
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => scope.Db.SaveChangesAsync());
            AssertRowSecurityViolation(error.InnerException);
        }

        await using var connection = await Platform.OpenAppConnectionAsync(a);
        var raw = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "insert into notes (id, tenant_id, title, body) values (gen_random_uuid(), $1, 'planted', 'planted')", b));
        AssertRowSecurityViolation(raw);
    }

    [Fact]
    public async Task Moving_a_note_to_another_tenant_violates_the_policy()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());
        var noteId = await Platform.AddNoteAsync(a, "a's note");

        await using (var scope = Platform.ForTenant(a))
        {
            var note = await scope.Db.Notes.SingleAsync(n => n.Id == noteId);
            note.TenantId = b;
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => scope.Db.SaveChangesAsync());
            AssertRowSecurityViolation(error.InnerException);
        }

        await using var connection = await Platform.OpenAppConnectionAsync(a);
        var raw = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update notes set tenant_id = $1 where id = $2", b, noteId));
        AssertRowSecurityViolation(raw);
        Assert.Equal([a], await connection.ListAsync<Guid>("select tenant_id from notes"));
    }

    [Fact]
    public async Task Another_tenants_notes_cannot_be_changed_or_deleted()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());
        var bNote = await Platform.AddNoteAsync(b, "b's note");

        await using (var connection = await Platform.OpenAppConnectionAsync(a))
        {
            Assert.Equal(0, await connection.ExecuteAsync("update notes set title = 'changed' where id = $1", bNote));
            Assert.Equal(0, await connection.ExecuteAsync("delete from notes where id = $1", bNote));
        }

        await using var scope = Platform.ForTenant(b);
        Assert.Equal("b's note", (await scope.Db.Notes.SingleAsync(n => n.Id == bNote)).Title);
    }

    [Fact]
    public async Task Query_filter_alone_keeps_other_tenants_notes_out_when_row_security_is_bypassed()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());
        var aNote = await Platform.AddNoteAsync(a, "a's note");
        var bNote = await Platform.AddNoteAsync(b, "b's note");

        // The superuser bypasses row-level security, leaving the query filter as the only wall.
        var adminOnPlatform = new NpgsqlConnectionStringBuilder(Platform.ConnectionStrings.Admin) { Database = PlatformTestDatabase.Database };
        using var host = PlatformTestDatabase.BuildAppHost(adminOnPlatform.ConnectionString);
        await using var scope = TenantScope.For(host.Services, a);

        var filtered = await scope.Db.Notes.Where(n => n.Id == aNote || n.Id == bNote).Select(n => n.Id).ToListAsync();
        var unfiltered = await scope.Db.Notes.IgnoreQueryFilters().Where(n => n.Id == aNote || n.Id == bNote).CountAsync();

        Assert.Equal([aNote], filtered);
        Assert.Equal(2, unfiltered);
    }

    private static void AssertRowSecurityViolation(Exception? error)
    {
        var postgres = Assert.IsType<PostgresException>(error);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, postgres.SqlState);
        Assert.Contains("row-level security", postgres.MessageText, StringComparison.Ordinal);
    }
}
