using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Documents;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>A real Worker process killed with SIGKILL while it writes a backup, then a new Worker.</summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class WorkerKilledMidBackupTests(BackupPlatformFixture fixture)
{
    private const int People = 40;
    private const int Documents = 48;

    [Fact]
    public async Task Worker_killed_mid_backup_leaves_no_manifest_and_the_next_worker_cleans_up_and_completes_a_backup_that_verifies()
    {
        var tenantId = await LargeTenantAsync();
        var deadId = await fixture.Backups.StartAsync(tenantId);

        await using (var first = FaultWorker.Start(fixture, [FaultWorker.BackupJob], new Dictionary<string, string> { ["Backups__ProgressEvery"] = "00:00:00.100" }))
        {
            // Half-way through the documents part: the table parts are stored, the manifest is not.
            await FaultWorker.WaitForAsync(first, "half-way through the documents", async () =>
                await fixture.Backups.GetAsync(tenantId, deadId) is { Status: BackupStatus.Running, DocumentsDone: > 0 and < Documents });
            await first.KillAsync();
        }

        var dead = await fixture.Backups.GetAsync(tenantId, deadId);
        Assert.Equal(BackupStatus.Running, dead!.Status);
        Assert.True(dead.PartsDone < dead.PartsTotal, $"{dead.PartsDone} of {dead.PartsTotal} parts were done before the kill");
        var regionA = fixture.Storage.RegionA;
        var leftBehind = await BlobNamesAsync(regionA, tenantId, deadId);
        Assert.NotEmpty(leftBehind);
        Assert.DoesNotContain(BackupStorage.BlobName(tenantId, deadId, BackupManifest.FileName), leftBehind);
        // Nothing about it is usable: no reader opens it, no restore test accepts it, nothing was queued for region B.
        var unreadable = await Assert.ThrowsAsync<BackupVerificationException>(() => OpenAsync(tenantId, deadId));
        Assert.Contains("no manifest", unreadable.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(tenantId, deadId));
        Assert.Equal(0L, await QueuedCopiesAsync(tenantId, deadId));

        await using (var second = FaultWorker.Start(fixture, [FaultWorker.BackupJob], new Dictionary<string, string>
        {
            // Short enough for a test: the dead backup's heartbeat goes stale in seconds, and its tenant is retried at once.
            ["Backups__StaleAfter"] = "00:00:03",
            ["Backups__RetryAfter"] = "00:00:01",
        }))
        {
            await FaultWorker.WaitForAsync(second, "a completed backup after the dead one", async () =>
                (await fixture.Backups.ListAsync(tenantId)).Any(b => b.BackupId != deadId && b.Status == BackupStatus.Completed));
        }

        dead = await fixture.Backups.GetAsync(tenantId, deadId);
        Assert.Equal(BackupStatus.Failed, dead!.Status);
        Assert.Contains("interrupted", dead.Error, StringComparison.Ordinal);
        Assert.Empty(await BlobNamesAsync(regionA, tenantId, deadId));

        var good = (await fixture.Backups.ListAsync(tenantId)).Single(b => b.BackupId != deadId && b.Status == BackupStatus.Completed);
        var manifest = await FaultWorker.ReadBackAsync(fixture, fixture.Services.GetRequiredService<Core.Continuity.Replication.RegionalStorage>().RegionA, tenantId, good.BackupId);
        Assert.Equal(People, manifest.Parts.Single(p => p.Table == "people").Rows);
        Assert.Equal(Documents, manifest.Parts.Single(p => p.Kind == BackupPartKind.Documents).Rows);
        var restored = await fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(tenantId, good.BackupId);
        Assert.True(restored.Succeeded, restored.Problem);
        Assert.Equal(Documents, restored.DocumentsChecked);
    }

    /// <summary>Large enough that writing its backup takes seconds: 48 documents of 1 MiB (random, so they do not compress).</summary>
    private async Task<Guid> LargeTenantAsync()
    {
        var tenantId = await fixture.NewTenantAsync(people: People, documents: 0);
        await using var scope = fixture.Platform.ForTenant(tenantId);
        var store = scope.Services.GetRequiredService<DocumentStore>();
        for (var i = 0; i < Documents; i++)
        {
            using var content = new MemoryStream(RandomNumberGenerator.GetBytes(1024 * 1024));
            await store.UploadAsync(new DocumentUpload($"scan-{i}.bin", "application/octet-stream"), content);
        }

        return tenantId;
    }

    private async Task<BackupReader> OpenAsync(Guid tenantId, Guid backupId) =>
        await BackupReader.OpenAsync(fixture.Storage, fixture.Services.GetRequiredService<BackupSigningKeys>(),
            fixture.Services.GetRequiredService<KeyEncryptionKeys>(), tenantId, backupId, default);

    private static async Task<List<string>> BlobNamesAsync(Azure.Storage.Blobs.BlobContainerClient container, Guid tenantId, Guid backupId)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = BackupStorage.Prefix(tenantId, backupId) }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<long> QueuedCopiesAsync(Guid tenantId, Guid backupId)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        return await connection.ScalarAsync<long>("select count(*) from platform.blob_copies where blob_name like $1", BackupStorage.Prefix(tenantId, backupId) + "%");
    }
}
