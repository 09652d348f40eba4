using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

/// <summary>A signed prune record as stored in <c>audit_prune_records</c>. The latest one is exported.</summary>
public sealed class StoredPruneRecord : ITenantOwned
{
    public Guid TenantId { get; set; }

    public long LastSeq { get; init; }

    public required byte[] LastHash { get; init; }

    public required byte[] SealHash { get; init; }

    public DateTimeOffset PrunedAt { get; init; }

    public required string KeyId { get; init; }

    public required byte[] Signature { get; init; }

    public SignedAuditPruneRecord ToSigned() => new(
        new AuditPruneRecord(TenantId.ToString(), 1, LastSeq, new AuditHash(LastHash), new AuditHash(SealHash), PrunedAt, KeyId),
        Signature);
}
