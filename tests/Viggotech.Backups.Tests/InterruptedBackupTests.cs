using Azure.Storage.Blobs.Models;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Records;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class InterruptedBackupTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task A_backup_whose_worker_died_has_no_manifest_is_marked_failed_and_the_next_run_completes_a_good_one()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        // What a Worker killed mid-backup leaves: a running row whose heartbeat stopped, and a part without a manifest.
        var deadId = Guid.CreateVersion7();
        await using (var connection = await fixture.Platform.OpenAppConnectionAsync(tenantId))
        {
            await connection.ExecuteAsync("""
                insert into backups (id, tenant_id, trigger, status, requested_at, started_at, heartbeat_at, parts_total, parts_done, rows_written, documents_total, documents_done, bytes_written)
                values ($1, $2, 'schedule', 'running', now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', 10, 3, 0, 0, 0, 0)
                """, deadId, tenantId);
        }

        var container = await fixture.Storage.WritableAsync(default);
        await fixture.Blob(container, tenantId, deadId, "00-tenants.vgtb").UploadAsync(new BinaryData(new byte[100]));

        var ran = await fixture.Scheduler.RunForTenantAsync(tenantId);

        var dead = await fixture.Backups.GetAsync(tenantId, deadId);
        Assert.Equal(BackupStatus.Failed, dead!.Status);
        Assert.Contains("interrupted", dead.Error, StringComparison.Ordinal);
        Assert.Empty(await ToListAsync(container.GetBlobsAsync(new GetBlobsOptions { Prefix = BackupStorage.Prefix(tenantId, deadId) })));
        Assert.NotNull(ran);
        Assert.NotEqual(deadId, ran);
        Assert.Equal(BackupStatus.Completed, (await fixture.Backups.GetAsync(tenantId, ran.Value))!.Status);
        Assert.True(await fixture.Blob(container, tenantId, ran.Value, BackupManifest.FileName).ExistsAsync());
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
