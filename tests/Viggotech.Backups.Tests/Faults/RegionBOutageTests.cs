using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>
/// Region B's storage down when a completed backup is to be copied to it: the Worker's replication
/// job keeps the copies pending with their errors, and completes them once storage is back.
/// </summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class RegionBOutageTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task Backup_copies_that_fail_while_storage_is_down_complete_after_it_returns_and_region_b_copy_verifies()
    {
        var tenantId = await fixture.NewTenantAsync(people: 12, documents: 3);
        var backup = await fixture.BackupAsync(tenantId);
        var prefix = BackupStorage.Prefix(tenantId, backup.BackupId);
        var regions = fixture.Services.GetRequiredService<RegionalStorage>();

        // Azurite serves both regional accounts from one process (its server-side copy works only
        // within a process), so stopping it takes region B down and region A with it.
        await fixture.Azurite.StopAsync();
        var down = true;
        try
        {
            await using var worker = FaultWorker.Start(fixture, [FaultWorker.ReplicationJob]);
            await FaultWorker.WaitForAsync(worker, "every copy tried while storage is down", async () =>
                (await CopiesAsync(prefix)) is { Count: > 0 } copies && copies.All(c => c.Attempts >= 1));
            var failing = await CopiesAsync(prefix);
            Assert.All(failing, c => Assert.Equal(BlobCopyStatus.Pending, c.Status));
            Assert.All(failing, c => Assert.False(string.IsNullOrEmpty(c.LastError)));
            Assert.Contains(BackupStorage.BlobName(tenantId, backup.BackupId, BackupManifest.FileName), failing.Select(c => c.BlobName));

            // Back on the same data folder and port; the running Worker's retries catch up by themselves.
            await fixture.Azurite.StartAgainAsync();
            down = false;
            await FaultWorker.WaitForAsync(worker, "every copy done after storage returned", async () =>
                (await CopiesAsync(prefix)).All(c => c.Status == BlobCopyStatus.Copied), seconds: 90,
                state: async () => string.Join(Environment.NewLine, await CopiesAsync(prefix)));
        }
        finally
        {
            if (down)
            {
                // The rest of the collection needs it, whatever happened here.
                await fixture.Azurite.StartAgainAsync();
            }
        }

        var copied = await CopiesAsync(prefix);
        Assert.All(copied, c => Assert.Null(c.LastError));
        Assert.All(copied, c => Assert.True(c.Attempts >= 2, $"{c.BlobName} copied in {c.Attempts} attempt(s), so it was never refused"));
        // Region A's backup came through the outage whole, and region B's copy stands on its own:
        // signed manifest, wrapped key, every part's hashes and authentication, the whole's hash.
        var inRegionA = await FaultWorker.ReadBackAsync(fixture, regions.RegionA, tenantId, backup.BackupId);
        Assert.Equal(backup.Sha256, inRegionA.Sha256);
        var inRegionB = await FaultWorker.ReadBackAsync(fixture, regions.RegionB, tenantId, backup.BackupId);
        Assert.Equal(backup.Sha256, inRegionB.Sha256);
        var manifestA = await fixture.Blob(regions.RegionA.GetBlobContainerClient(fixture.Storage.ContainerName), tenantId, backup.BackupId, BackupManifest.FileName).DownloadContentAsync();
        var manifestB = await fixture.Blob(regions.RegionB.GetBlobContainerClient(fixture.Storage.ContainerName), tenantId, backup.BackupId, BackupManifest.FileName).DownloadContentAsync();
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
