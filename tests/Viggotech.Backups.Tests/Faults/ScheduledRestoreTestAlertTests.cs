using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Continuity.Replication;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>The Worker's scheduled restore test, as a process, finding a stored backup with one byte flipped.</summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class ScheduledRestoreTestAlertTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task Scheduled_restore_test_of_a_backup_with_one_flipped_byte_fails_raises_an_alert_and_shows_the_failure_to_the_tenant()
    {
        var tenantId = await fixture.NewTenantAsync(people: 5, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);
        var regionA = fixture.Services.GetRequiredService<RegionalStorage>().RegionA.GetBlobContainerClient(fixture.Storage.ContainerName);
        var manifest = BackupManifestJson.Read((await fixture.Blob(regionA, tenantId, backup.BackupId, BackupManifest.FileName).DownloadContentAsync()).Value.Content.ToArray()).Manifest;
        var part = manifest.Parts.Single(p => p.Kind == BackupPartKind.Documents);
        var blob = fixture.Blob(regionA, tenantId, backup.BackupId, part.Name);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 3] ^= 0x20;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);

        await using (var worker = FaultWorker.Start(fixture, [FaultWorker.RestoreTestJob]))
        {
            await FaultWorker.WaitForAsync(worker, "the tenant's backup restore-tested", async () =>
                await fixture.Backups.LastVerifiedRestoreAsync(tenantId) is not null);
        }

        var shown = await fixture.Backups.LastVerifiedRestoreAsync(tenantId);
        Assert.Equal(backup.BackupId, shown!.Latest.BackupId);
        Assert.False(shown.Latest.Succeeded);
        Assert.Contains($"part {part.Name}", shown.Latest.Problem, StringComparison.Ordinal);
        Assert.Null(shown.LastSucceeded);
        Assert.Contains(await fixture.AlertsAsync(tenantId), alert =>
            alert.Contains(backup.BackupId.ToString(), StringComparison.Ordinal) && alert.Contains(part.Name, StringComparison.Ordinal));
    }
}
