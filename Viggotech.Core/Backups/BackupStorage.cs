using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Viggotech.Core.Continuity.Replication;

namespace Viggotech.Core.Backups;

/// <summary>
/// Where backups live: the <c>backups</c> container of region A's account (written there) and of
/// region B's (copies, through the replication queue). A backup's blobs share the prefix
/// <c>&lt;tenant id&gt;/&lt;backup id&gt;/</c>: its parts, then <c>manifest.json</c>.
/// </summary>
public sealed class BackupStorage(RegionalStorage regions, IOptions<BackupsOptions> options)
{
    private int created;

    public string ContainerName => options.Value.ContainerName;

    public BlobContainerClient RegionA => regions.RegionA.GetBlobContainerClient(ContainerName);

    public BlobContainerClient RegionB => regions.RegionB.GetBlobContainerClient(ContainerName);

    public static string Prefix(Guid tenantId, Guid backupId) => $"{tenantId:D}/{backupId:D}/";

    public static string BlobName(Guid tenantId, Guid backupId, string fileName) => Prefix(tenantId, backupId) + fileName;

    /// <summary>Region A's container, created (private) on first use.</summary>
    public async Task<BlobContainerClient> WritableAsync(CancellationToken cancellationToken)
    {
        var container = RegionA;
        if (Volatile.Read(ref created) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref created, 1);
        }

        return container;
    }

    /// <summary>Deletes every blob of a backup in one region's container; a missing container or blob is not an error.</summary>
    public static async Task<int> DeleteBackupAsync(BlobContainerClient container, Guid tenantId, Guid backupId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(tenantId, backupId) }, cancellationToken))
            {
                if (await container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken))
                {
                    deleted++;
                }
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
        }

        return deleted;
    }
}
