using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Continuity.Replication;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class BackupRoundTripTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task A_backup_restores_into_the_scratch_database_with_the_row_counts_and_hashes_of_its_manifest()
    {
        var tenantId = await fixture.NewTenantAsync(people: 5, documents: 3);
        var backup = await fixture.BackupAsync(tenantId);

        var manifest = BackupManifestJson.Read((await fixture.Blob(fixture.Storage.RegionA, tenantId, backup.BackupId, BackupManifest.FileName).DownloadContentAsync()).Value.Content.ToArray()).Manifest;
        Assert.Equal(5, manifest.Parts.Single(p => p.Table == "people").Rows);
        Assert.Equal(3, manifest.Parts.Single(p => p.Table == "documents").Rows);
        Assert.Equal(3, manifest.Parts.Single(p => p.Kind == BackupPartKind.Documents).Rows);
        Assert.True(manifest.Parts.Single(p => p.Table == "audit_events").Rows >= 1, "the audit trail is in the backup");
        Assert.Equal(1, manifest.Parts.Single(p => p.Kind == BackupPartKind.Tenant).Rows);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            Assert.Equal(scope.Db.Database.GetMigrations().Last(), manifest.SchemaVersion);
        }

        var result = await fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(tenantId, backup.BackupId);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(3, result.DocumentsChecked);
        Assert.Equal(manifest.Rows - 3, result.RowsChecked);
        var shown = await fixture.Backups.LastVerifiedRestoreAsync(tenantId);
        Assert.NotNull(shown);
        Assert.Equal(backup.BackupId, shown.Latest.BackupId);
        Assert.Equal(backup.BackupId, shown.LastSucceeded?.BackupId);
    }

    [Fact]
    public async Task A_completed_backup_is_copied_to_region_B_and_reads_from_there_when_region_A_loses_it()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);

        await using (var scope = fixture.Platform.WithoutTenant())
        {
            var copier = scope.Services.GetRequiredService<BlobCopier>();
            while ((await copier.CopyDueAsync(50, default)).Copied > 0)
            {
            }
        }

        Assert.True(await fixture.Blob(fixture.Storage.RegionB, tenantId, backup.BackupId, BackupManifest.FileName).ExistsAsync());
        await foreach (var blob in fixture.Storage.RegionA.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = Core.Backups.BackupStorage.Prefix(tenantId, backup.BackupId) }))
        {
            await fixture.Storage.RegionA.DeleteBlobAsync(blob.Name);
        }

        var result = await fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(tenantId, backup.BackupId);

        Assert.True(result.Succeeded, result.Problem);
    }
}
