using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Tenancy;

/// <summary>
/// A pool of one physical connection, so every logical open is provably the same server session
/// (same backend pid) and only the tenant setting distinguishes one user of it from the next.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class PooledConnectionTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    private string SingleConnectionPool => new NpgsqlConnectionStringBuilder(Platform.ConnectionStrings.App)
    {
        MaxPoolSize = 1,
        // A pool of its own, apart from the other tests' connections.
        ApplicationName = $"pool-{Guid.NewGuid():N}",
    }.ConnectionString;

    [Fact]
    public async Task Pooled_connection_reused_for_another_tenant_sees_only_that_tenant()
    {
        var (a, b) = (await Platform.NewTenantAsync(), await Platform.NewTenantAsync());
        var aNote = await Platform.AddNoteAsync(a, "a's note");
        var bNote = await Platform.AddNoteAsync(b, "b's note");
        using var host = PlatformTestDatabase.BuildAppHost(SingleConnectionPool);

        var asA = await ReadAsync(host, a);
        var asB = await ReadAsync(host, b);
        var asNobody = await ReadAsync(host, null);

        Assert.Equal(asA.BackendPid, asB.BackendPid);
        Assert.Equal(asA.BackendPid, asNobody.BackendPid);
        Assert.Equal([aNote], asA.Notes);
        Assert.Equal([bNote], asB.Notes);
        Assert.Empty(asNobody.Notes);
    }

    [Fact]
    public async Task Session_setting_does_not_survive_the_return_to_the_pool()
    {
        var a = await Platform.NewTenantAsync();
        await Platform.AddNoteAsync(a, "a's note");
        await using var dataSource = NpgsqlDataSource.Create(SingleConnectionPool);

        int firstPid;
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            await first.ExecuteAsync("select set_config('app.tenant_id', $1, false)", a.ToString());
            firstPid = await first.ScalarAsync<int>("select pg_backend_pid()");
        }

        // Without the interceptor: only Npgsql's reset on return (DISCARD ALL) stands between
        // the previous user's setting and this one.
        await using var second = await dataSource.OpenConnectionAsync();

        Assert.Equal(firstPid, await second.ScalarAsync<int>("select pg_backend_pid()"));
        Assert.True(string.IsNullOrEmpty(await second.ScalarAsync<string?>("select current_setting('app.tenant_id', true)")));
        Assert.Equal(0L, await second.ScalarAsync<long>("select count(*) from notes"));
    }

    private static async Task<(int BackendPid, List<Guid> Notes)> ReadAsync(IHost host, Guid? tenantId)
    {
        await using var scope = TenantScope.For(host.Services, tenantId);
        var pid = (await scope.Db.Database.SqlQuery<int>($"select pg_backend_pid() as \"Value\"").ToListAsync()).Single();
        var notes = await scope.Db.Notes.IgnoreQueryFilters().Select(n => n.Id).ToListAsync();
        return (pid, notes);
    }
}
