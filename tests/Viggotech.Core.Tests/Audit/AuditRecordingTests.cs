using Microsoft.EntityFrameworkCore;
using Npgsql;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Notes;
using Viggotech.Testing;
using Viggotech.Testing.Audit;

namespace Viggotech.Core.Tests.Audit;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class AuditRecordingTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task A_change_and_its_event_commit_together_and_the_stored_event_hashes_to_its_hash()
    {
        var tenant = await Platform.NewTenantAsync();

        var recorded = await Platform.AddAuditedNoteAsync(tenant, "first");

        var stored = (await Platform.StoredEventsAsync(tenant)).Single(e => e.Seq == recorded.Sequence);
        Assert.Equal(recorded.Hash.ToArray(), stored.Hash);
        Assert.Equal(AuditHash.Of(stored.Canonical), new AuditHash(stored.Hash));
        Assert.Equal(AuditEventJson.ToCanonicalJson(recorded.Sequence, recorded.Previous, recorded.Event), stored.Canonical);
        Assert.Equal("note.create", stored.Action);
        Assert.Equal(("system", "platform"), (stored.ActorType, stored.ActorId));
        Assert.Equal(("note", recorded.Event.Target!.Id), (stored.TargetType, stored.TargetId));
        Assert.Equal("success", stored.Result);
        await using var scope = Platform.ForTenant(tenant);
        Assert.True(await scope.Db.Notes.AnyAsync(n => n.Id.ToString() == recorded.Event.Target.Id));
    }

    [Fact]
    public async Task Tenant_creation_is_the_first_event_of_the_new_tenants_trail()
    {
        var tenant = await Platform.NewTenantAsync();

        var first = (await Platform.StoredEventsAsync(tenant)).First();

        Assert.Equal(1, first.Seq);
        Assert.Equal(AuditActions.TenantCreate, first.Action);
        Assert.Equal(("tenant", tenant.ToString()), (first.TargetType, first.TargetId));
        Assert.Equal(AuditHash.Zero.ToArray(), first.PrevHash);
    }

    [Fact]
    public async Task A_transaction_that_rolls_back_leaves_no_event_and_no_gap()
    {
        var tenant = await Platform.NewTenantAsync();
        var before = await Platform.AddAuditedNoteAsync(tenant, "kept");

        await using (var scope = Platform.ForTenant(tenant))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.InTransactionAsync(async ct =>
            {
                scope.Db.Notes.Add(new Note { Title = "discarded", Body = "discarded" });
                await scope.Db.SaveChangesAsync(ct);
                await scope.Audit().RecordAsync("note.create", cancellationToken: ct);
                throw new InvalidOperationException("the change fails after its event was recorded");
            }));
        }

        var after = await Platform.AddAuditedNoteAsync(tenant, "next");
        var events = await Platform.StoredEventsAsync(tenant);
        Assert.Equal([1, 2, 3], events.Select(e => e.Seq));
        Assert.Equal(before.Sequence + 1, after.Sequence);
        Assert.Equal(before.Hash, after.Previous);
        await using var check = Platform.ForTenant(tenant);
        Assert.False(await check.Db.Notes.AnyAsync(n => n.Title == "discarded"));
    }

    [Fact]
    public async Task A_connection_killed_between_change_and_commit_leaves_neither_the_change_nor_its_event()
    {
        var tenant = await Platform.NewTenantAsync();
        var head = (await Platform.StoredEventsAsync(tenant)).Last();
        var attempts = 0;
        var afterKill = (Notes: -1, Events: -1L);

        await using (var scope = Platform.ForTenant(tenant))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() => scope.Db.InTransactionAsync(async ct =>
            {
                if (++attempts > 1)
                {
                    // The retry is a fresh transaction: look at what the killed one left behind,
                    // then stop as a crashed process would, instead of redoing the work.
                    afterKill = (await scope.Db.Notes.CountAsync(n => n.Title == "lost", ct), await scope.Db.AuditEvents.CountAsync(ct));
                    throw new IOException("process gone");
                }
                scope.Db.Notes.Add(new Note { Title = "lost", Body = "lost" });
                await scope.Db.SaveChangesAsync(ct);
                await scope.Audit().RecordAsync("note.create", cancellationToken: ct);

                // The server ends this session before the commit, as it does when the client process dies.
                var pid = await scope.Db.Database.SqlQuery<int>($"select pg_backend_pid() as \"Value\"").SingleAsync(ct);
                await using var admin = await Platform.OpenAdminConnectionAsync();
                Assert.True(await admin.ScalarAsync<bool>("select pg_terminate_backend($1)", pid));
            }));
            Assert.Equal("process gone", crash.Message);
        }

        Assert.Equal(2, attempts);
        Assert.Equal((0, head.Seq), afterKill);
        await using var check = Platform.ForTenant(tenant);
        Assert.False(await check.Db.Notes.AnyAsync(n => n.Title == "lost"));
        Assert.Equal(head.Seq, await check.Db.AuditEvents.MaxAsync(e => e.Seq));
        var next = await Platform.AddAuditedNoteAsync(tenant, "after the crash");
        Assert.Equal((head.Seq + 1, new AuditHash(head.Hash)), (next.Sequence, next.Previous));
    }

    [Fact]
    public async Task Recording_outside_a_transaction_is_refused_and_writes_nothing()
    {
        var tenant = await Platform.NewTenantAsync();
        await using var scope = Platform.ForTenant(tenant);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Audit().RecordAsync("note.create"));

        Assert.Contains("InTransactionAsync", error.Message, StringComparison.Ordinal);
        Assert.Single(await Platform.StoredEventsAsync(tenant));
    }

    [Fact]
    public async Task An_event_naming_another_tenant_is_refused()
    {
        var tenant = await Platform.NewTenantAsync();
        var other = await Platform.NewTenantAsync();
        await using var scope = Platform.ForTenant(tenant);

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.InTransactionAsync(ct => scope.Audit().RecordAsync(
            new AuditEvent(other.ToString(), DateTimeOffset.UtcNow, new AuditActor(AuditActorType.User, "u"), "note.create", null, AuditResult.Success), ct)));

        Assert.Single(await Platform.StoredEventsAsync(other));
        Assert.Single(await Platform.StoredEventsAsync(tenant));
    }

    [Theory]
    [InlineData("NoteCreate")]
    [InlineData("note")]
    [InlineData("note..create")]
    [InlineData("note.create ")]
    public async Task Badly_spelled_actions_are_refused(string action)
    {
        var tenant = await Platform.NewTenantAsync();
        await using var scope = Platform.ForTenant(tenant);

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.InTransactionAsync(ct => scope.Audit().RecordAsync(action, cancellationToken: ct)));
    }

    [Fact]
    public async Task A_scope_without_a_tenant_cannot_record()
    {
        await using var scope = Platform.WithoutTenant();

        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.InTransactionAsync(ct => scope.Audit().RecordAsync("note.create", cancellationToken: ct)));
    }

    [Fact]
    public async Task Eight_concurrent_writers_in_one_tenant_keep_one_linear_chain_without_gaps_or_forks()
    {
        const int Writers = 8;
        const int EventsEach = 40;
        var tenant = await Platform.NewTenantAsync();
        using var start = new SemaphoreSlim(0);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.WaitAsync();
            for (var i = 0; i < EventsEach; i++)
            {
                await Platform.AddAuditedNoteAsync(tenant, $"writer {w} note {i}");
            }
        })).ToList();
        start.Release(Writers);
        await Task.WhenAll(writers);

        var events = await Platform.StoredEventsAsync(tenant);
        Assert.Equal(Enumerable.Range(1, Writers * EventsEach + 1).Select(n => (long)n), events.Select(e => e.Seq));
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].Hash, events[i].PrevHash);
        }
        Assert.Equal(events.Count, events.Select(e => Convert.ToHexString(e.PrevHash)).Distinct().Count());
        var verification = await Platform.VerifyExportAsync(tenant);
        Assert.True(verification.IsValid, verification.Problem?.Message);
        Assert.Equal(events.Count, verification.Events);
        await using var scope = Platform.ForTenant(tenant);
        Assert.Equal(Writers * EventsEach, await scope.Db.Notes.CountAsync());
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_a_tenants_events()
    {
        var a = await Platform.NewTenantAsync();
        var b = await Platform.NewTenantAsync();
        await Platform.AddAuditedNoteAsync(a, "a's secret");

        await using var connection = await Platform.OpenAppConnectionAsync(b);
        Assert.Equal(0, await connection.ScalarAsync<long>("select count(*) from audit_events where tenant_id = $1", a));
        Assert.Equal(0, await connection.ScalarAsync<long>("select count(*) from audit_chain_heads where tenant_id = $1", a));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "insert into audit_events (tenant_id, seq, prev_hash, hash, canonical, time, actor_type, actor_id, action, result) " +
            "values ($1, 99, $2, $2, '\\x7b7d', now(), 'user', 'x', 'forged.event', 'success')", a, new byte[32]));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
