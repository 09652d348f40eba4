using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Documents;

/// <summary>
/// Blobs to delete (every blob whose name starts with <see cref="BlobPrefix"/>) once
/// <see cref="NotBefore"/> has passed. Written in the same transaction as the metadata change
/// that makes the blobs unneeded, so no blob outlives its document even if a process dies
/// between the database commit and the storage call.
/// </summary>
public sealed class BlobDeletion : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string BlobPrefix { get; init; }

    public DateTimeOffset NotBefore { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
