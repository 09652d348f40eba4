using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

/// <summary>A signed seal as stored in <c>audit_seals</c>; the columns are exactly the seal's members.</summary>
public sealed class StoredAuditSeal : ITenantOwned
{
    public Guid TenantId { get; set; }

    public long FirstSeq { get; init; }

    public long LastSeq { get; init; }

    public required byte[] LastHash { get; init; }

    public required byte[] PrevSealHash { get; init; }

    /// <summary>SHA-256 of the seal's canonical JSON: what the next seal's <c>prevSeal</c> names.</summary>
    public required byte[] SealHash { get; init; }

    public DateTimeOffset SealedAt { get; init; }

    public required string KeyId { get; init; }

    public required byte[] Signature { get; init; }

    public SignedAuditSeal ToSigned() => new(
        new AuditSeal(TenantId.ToString(), FirstSeq, LastSeq, new AuditHash(LastHash), new AuditHash(PrevSealHash), SealedAt, KeyId),
        Signature);

    public static StoredAuditSeal From(Guid tenantId, SignedAuditSeal signed) => new()
    {
        TenantId = tenantId,
        FirstSeq = signed.Seal.First,
        LastSeq = signed.Seal.Last,
        LastHash = signed.Seal.LastHash.ToArray(),
        PrevSealHash = signed.Seal.PreviousSeal.ToArray(),
        SealHash = signed.Seal.ComputeHash().ToArray(),
        SealedAt = signed.Seal.SealedAt,
        KeyId = signed.Seal.KeyId,
        Signature = signed.Signature,
    };
}
