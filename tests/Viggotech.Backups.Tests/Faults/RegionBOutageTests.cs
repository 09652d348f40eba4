using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Testing.Network;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>
/// Region B's storage unreachable from the Worker in the middle of copying a backup there, while
/// region A stays up: the copies still to go fail and stay pending with their errors, a new backup
/// completes in region A during the outage, and once region B is back every copy completes and
/// region B holds each blob byte for byte.
/// </summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class RegionBOutageTests(BackupPlatformFixture fixture)
{
    // A blob copy asks region B three things (container, copy, properties): the cut lands right
    // after the third copy's first request, with two copies done and the rest to go.
    private const long CutAfterRequests = 7;

    [Fact]
    public async Task Copies_cut_off_from_region_b_mid_way_complete_after_it_returns_while_region_a_backups_carry_on()
    {
        // Copies other tests left queued go first, so the Worker's traffic to region B is this test's alone.
        await CopyEverythingQueuedAsync();
        var tenantId = await fixture.NewTenantAsync(people: 12, documents: 3);
        var first = await fixture.BackupAsync(tenantId);
        var regions = fixture.Services.GetRequiredService<RegionalStorage>();

        // Azurite's server-side copy works only within one process, so both regions stay in one
        // Azurite and only the Worker's way to region B goes through the proxy.
        await using var regionB = TcpFaultProxy.Start(fixture.Azurite.Port);
        regionB.CutAfterRequests(CutAfterRequests);
        await using var worker = FaultWorker.Start(fixture, [FaultWorker.ReplicationJob], new Dictionary<string, string>
        {
            [$"ConnectionStrings__{RegionalStorage.RegionBConnectionName}"] = fixture.Azurite.RegionBConnectionStringThrough(regionB.Port),
            // Retries every two seconds at most, so the catch-up after the outage takes seconds, not minutes.
            ["Replication__MaxBackoff"] = "00:00:02",
        });

        var firstPrefix = BackupStorage.Prefix(tenantId, first.BackupId);
        await FaultWorker.WaitForAsync(worker, "the first backup's copies tried until region B was cut", async () =>
            regionB.IsCut && (await CopiesAsync(firstPrefix)).All(c => c.Attempts >= 1));
        var duringCut = await CopiesAsync(firstPrefix);
        Assert.Contains(duringCut, c => c.Status == BlobCopyStatus.Copied);
        var failing = duringCut.Where(c => c.Status == BlobCopyStatus.Pending).ToList();
        Assert.NotEmpty(failing);
        Assert.All(failing, c => Assert.False(string.IsNullOrEmpty(c.LastError)));
        Assert.Contains(BackupStorage.BlobName(tenantId, first.BackupId, BackupManifest.FileName), failing.Select(c => c.BlobName));

        // Region A carries on: a new backup completes there and reads back whole, and its copies
        // queue behind the outage with the rest.
        var second = await fixture.BackupAsync(tenantId);
        Assert.Equal(second.Sha256, (await FaultWorker.ReadBackAsync(fixture, regions.RegionA, tenantId, second.BackupId)).Sha256);
        var secondPrefix = BackupStorage.Prefix(tenantId, second.BackupId);
        await FaultWorker.WaitForAsync(worker, "the second backup's copies tried while region B is cut", async () =>
            (await CopiesAsync(secondPrefix)).Count(c => c.Attempts >= 1) >= 3);
        var secondDuringCut = await CopiesAsync(secondPrefix);
        Assert.All(secondDuringCut, c => Assert.Equal(BlobCopyStatus.Pending, c.Status));
        Assert.All(secondDuringCut.Where(c => c.Attempts >= 1), c => Assert.False(string.IsNullOrEmpty(c.LastError)));
        Assert.True(regionB.RefusedConnections > 0, "the Worker never tried region B during the outage");
        Assert.False(await regions.RegionB.GetBlobContainerClient(fixture.Storage.ContainerName)
            .GetBlobClient(BackupStorage.BlobName(tenantId, second.BackupId, BackupManifest.FileName)).ExistsAsync());

        // The running Worker's retries catch up by themselves.
        regionB.Restore();
        foreach (var prefix in new[] { firstPrefix, secondPrefix })
        {
            await FaultWorker.WaitForAsync(worker, "every copy done after region B returned", async () =>
                (await CopiesAsync(prefix)).All(c => c.Status == BlobCopyStatus.Copied), seconds: 90,
                state: async () => string.Join(Environment.NewLine, await CopiesAsync(prefix)));
        }

        var refused = (await CopiesAsync(firstPrefix)).Where(c => failing.Any(f => f.BlobName == c.BlobName)).ToList();
        Assert.All(refused, c => Assert.True(c.Attempts >= 2, $"{c.BlobName} copied in {c.Attempts} attempt(s), so it was never refused"));
        Assert.All(await CopiesAsync(firstPrefix), c => Assert.Null(c.LastError));
        Assert.All(await CopiesAsync(secondPrefix), c => Assert.Null(c.LastError));

        foreach (var backup in new[] { first, second })
        {
            await AssertSameBlobsAsync(regions, BackupStorage.Prefix(tenantId, backup.BackupId));
            // Region B's copy stands on its own: signed manifest, wrapped key, every part's hashes and authentication.
            var inRegionB = await FaultWorker.ReadBackAsync(fixture, regions.RegionB, tenantId, backup.BackupId);
            Assert.Equal(backup.Sha256, inRegionB.Sha256);
        }
    }

    private async Task CopyEverythingQueuedAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var copier = scope.ServiceProvider.GetRequiredService<BlobCopier>();
        while (await copier.CopyDueAsync(100, default) is { Copied: > 0 } or { Failed: > 0 })
        {
        }
    }

    private async Task AssertSameBlobsAsync(RegionalStorage regions, string prefix)
    {
        var inA = regions.RegionA.GetBlobContainerClient(fixture.Storage.ContainerName);
        var inB = regions.RegionB.GetBlobContainerClient(fixture.Storage.ContainerName);
        var names = new List<string>();
        await foreach (var blob in inA.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var a = await ContentAsync(inA.GetBlobClient(name));
            var b = await ContentAsync(inB.GetBlobClient(name));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{name} differs between the regions ({a.Length} and {b.Length} bytes)");
        }
    }

    private static async Task<byte[]> ContentAsync(BlobClient blob) => (await blob.DownloadContentAsync()).Value.Content.ToArray();

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
