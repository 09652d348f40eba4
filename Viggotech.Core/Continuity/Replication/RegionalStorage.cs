using Azure.Storage.Blobs;

namespace Viggotech.Core.Continuity.Replication;

/// <summary>
/// The two regions' storage accounts. Region A's client carries the account key, which is what
/// signs the read-only SAS that region B's service uses to pull a copy server-side.
/// </summary>
public sealed class RegionalStorage(BlobServiceClient regionA, BlobServiceClient regionB)
{
    public const string RegionAConnectionName = "storage-a";
    public const string RegionBConnectionName = "storage-b";

    public BlobServiceClient RegionA { get; } = regionA;

    public BlobServiceClient RegionB { get; } = regionB;
}
