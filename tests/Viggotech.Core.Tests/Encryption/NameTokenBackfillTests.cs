using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.People;
using Viggotech.Testing;
using Viggotech.Testing.Processes;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>People rows written before name search existed (no name tokens), and the backfill that makes them findable.</summary>
[Collection(EncryptedPlatformCollection.Name)]
public sealed class NameTokenBackfillTests(EncryptedPlatformFixture fixture)
{
    [Fact]
    public async Task A_person_stored_without_name_tokens_is_found_by_name_once_the_worker_backfill_has_run()
    {
        var tenantId = await fixture.NewTenantAsync();
        var old = await InsertWithoutTokensAsync(tenantId, "Katherine Johnson");
        Assert.Empty(await SearchAsync(tenantId, "johnson"));

        await using (var worker = WorkerProcess.Start(fixture.WorkerEnvironment("name-token-backfill")))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await SearchAsync(tenantId, "johnson")).Count == 0)
            {
                if (worker.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"The Worker did not backfill the name tokens:\n{worker.Output}");
                }

                await Task.Delay(100);
            }
        }

        Assert.Equal(old, Assert.Single(await SearchAsync(tenantId, "KATHERINE")));
        Assert.Equal(old, Assert.Single(await SearchAsync(tenantId, "katherine johnson")));
    }

    [Fact]
    public async Task The_backfill_fills_every_row_without_tokens_leaves_a_damaged_one_as_it_is_and_a_second_run_finds_nothing_to_do()
    {
        var tenantId = await fixture.NewTenantAsync();
        var rows = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            rows.Add(await InsertWithoutTokensAsync(tenantId, $"Mary Jackson {i}"));
        }

        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            // One bit of one stored name flipped, as someone with the database could.
            Assert.Equal(1, await admin.ExecuteAsync(
                "update people set name = overlay(name placing set_byte(substring(name from 20 for 1), 0, get_byte(name, 19) # 1) from 20 for 1) where id = $1",
                rows[2]));
        }

        NameTokenBackfillResult first, second;
        await using (var scope = fixture.ForTenant(tenantId))
        {
            first = await scope.Services.GetRequiredService<NameTokenBackfill>().RunAsync(batchSize: 2);
            second = await scope.Services.GetRequiredService<NameTokenBackfill>().RunAsync(batchSize: 2);
        }

        Assert.Equal(new NameTokenBackfillResult(4, 1), first);
        Assert.Equal(new NameTokenBackfillResult(0, 1), second);
        var found = await SearchAsync(tenantId, "mary jackson");
        Assert.Equal(rows.Where((_, i) => i != 2).ToHashSet(), found.ToHashSet());
        Assert.Equal([rows[3]], await SearchAsync(tenantId, "3"));
    }

    [Fact]
    public async Task The_backfill_finds_its_rows_through_the_index_of_rows_without_tokens_not_by_reading_the_whole_table()
    {
        var tenantId = await fixture.NewTenantAsync();
        await InsertWithoutTokensAsync(tenantId, "Dorothy Vaughan");

        await using var connection = await fixture.Platform.OpenAppConnectionAsync(tenantId);
        await connection.ExecuteAsync("set enable_seqscan = off");
        // The backfill's own batch query (NameTokenBackfill.RunAsync), as the tenant's app connection runs it.
        var plan = string.Join('\n', await connection.ListAsync<string>(
            "explain select * from people where id > $1 and cardinality(name_tokens) = 0 order by id limit 200 for update skip locked", Guid.Empty));

        Assert.Contains("ix_people_without_name_tokens", plan, StringComparison.Ordinal);
    }

    /// <summary>Inserts a person through SQL the way the directory stored them before name tokens: an encrypted name, no tokens.</summary>
    private async Task<Guid> InsertWithoutTokensAsync(Guid tenantId, string name)
    {
        var id = Guid.CreateVersion7();
        byte[] envelope;
        await using (var scope = fixture.ForTenant(tenantId))
        {
            var keyring = scope.Services.GetRequiredService<TenantKeyring>();
            using var key = await keyring.AcquireAsync(await keyring.ActiveVersionAsync());
            envelope = FieldCipher.Encrypt(key, PeopleTable.FullName, id, name);
        }

        await using var connection = await fixture.Platform.OpenAppConnectionAsync(tenantId);
        Assert.Equal(1, await connection.ExecuteAsync(
            "insert into people (id, tenant_id, name, created_at, updated_at) values ($1, $2, $3, now(), now())", id, tenantId, envelope));
        Assert.Equal(0, await connection.ScalarAsync<int>("select cardinality(name_tokens) from people where id = $1", id));
        return id;
    }

    private async Task<List<Guid>> SearchAsync(Guid tenantId, string name)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var page = await scope.Services.GetRequiredService<PeopleRepository>().SearchByNameAsync(name, 1, 50);
        return [.. page.Items.Select(p => p.Id)];
    }
}
