using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Testing;
using Viggotech.Testing.Storage;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>
/// Region B's storage unreachable while a backup is copied to it, with region A up: the Worker's
/// replication job keeps the copies pending, and completes them once region B is back.
/// </summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class RegionBOutageTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task Backup_copies_that_fail_while_region_b_is_down_complete_after_it_returns_and_region_b_copy_verifies()
    {
        var tenantId = await fixture.NewTenantAsync(people: 12, documents: 3);
        var backup = await fixture.BackupAsync(tenantId);
        var prefix = BackupStorage.Prefix(tenantId, backup.BackupId);
        await using var link = RegionLink.Open(fixture.Azurite.Port);
        var settings = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{RegionalStorage.RegionBConnectionName}"] = link.Through(fixture.Azurite.RegionBConnectionString, TestRegionalAzurite.RegionB),
        };
        var regions = fixture.Services.GetRequiredService<RegionalStorage>();
        var regionB = new Azure.Storage.Blobs.BlobServiceClient(settings[$"ConnectionStrings__{RegionalStorage.RegionBConnectionName}"]);

        await link.CutAsync();
        await using (var worker = FaultWorker.Start(fixture, [FaultWorker.ReplicationJob], settings))
        {
            // Every blob of the backup tried at least once and refused by region B.
            await FaultWorker.WaitForAsync(worker, "every copy tried while region B is down", async () =>
                (await CopiesAsync(prefix)) is { Count: > 0 } copies && copies.All(c => c.Attempts >= 1));
            var failing = await CopiesAsync(prefix);
            Assert.All(failing, c => Assert.Equal(BlobCopyStatus.Pending, c.Status));
            Assert.All(failing, c => Assert.False(string.IsNullOrEmpty(c.LastError)));
            Assert.Contains(BackupStorage.BlobName(tenantId, backup.BackupId, BackupManifest.FileName), failing.Select(c => c.BlobName));

            // Region A's backup is whole and readable throughout.
            var inRegionA = await FaultWorker.ReadBackAsync(fixture, regions.RegionA, tenantId, backup.BackupId);
            Assert.Equal(backup.Sha256, inRegionA.Sha256);

            link.Restore();
            await FaultWorker.WaitForAsync(worker, "every copy done after region B returned", async () =>
                (await CopiesAsync(prefix)).All(c => c.Status == BlobCopyStatus.Copied), seconds: 90);
        }

        var copied = await CopiesAsync(prefix);
        Assert.All(copied, c => Assert.Null(c.LastError));
        Assert.All(copied, c => Assert.True(c.Attempts >= 2, $"{c.BlobName} copied in {c.Attempts} attempt(s), so it was never refused"));
        // Region B's copy stands on its own: signed manifest, wrapped key, every part's hashes and authentication.
        var inRegionB = await FaultWorker.ReadBackAsync(fixture, regions.RegionB, tenantId, backup.BackupId);
        Assert.Equal(backup.Sha256, inRegionB.Sha256);
        var manifestA = await fixture.Blob(regions.RegionA.GetBlobContainerClient(fixture.Storage.ContainerName), tenantId, backup.BackupId, BackupManifest.FileName).DownloadContentAsync();
        var manifestB = await fixture.Blob(regionB.GetBlobContainerClient(fixture.Storage.ContainerName), tenantId, backup.BackupId, BackupManifest.FileName).DownloadContentAsync();
        Assert.Equal(manifestA.Value.Content.ToArray(), manifestB.Value.Content.ToArray());
    }

    private async Task<List<CopyRow>> CopiesAsync(string prefix)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        var rows = new List<CopyRow>();
        await using var command = new Npgsql.NpgsqlCommand(
            "select blob_name, status, attempts, last_error from platform.blob_copies where blob_name like $1 order by id", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = prefix + "%" });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new CopyRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    private sealed record CopyRow(string BlobName, string Status, int Attempts, string? LastError);
}
