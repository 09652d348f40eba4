namespace Viggotech.Core.Audit.Sealing;

/// <summary>Creates seals and prune records. The Worker calls it on a schedule, per tenant.</summary>
public sealed class AuditSealer(IAuditSigner signer, TimeProvider time)
{
    /// <summary>Seals every event after <paramref name="previous"/> up to and including <paramref name="head"/>.</summary>
    public async Task<SignedAuditSeal> SealAsync(string tenant, AuditSealPoint previous, AuditChainHead head, CancellationToken cancellationToken = default)
    {
        if (head.Sequence <= previous.Last)
        {
            throw new ArgumentException($"Nothing to seal: events up to {previous.Last} are sealed and the chain ends at {head.Sequence}.", nameof(head));
        }
        var seal = new AuditSeal(tenant, previous.Last + 1, head.Sequence, head.Hash, previous.SealHash,
            AuditTime.Truncate(time.GetUtcNow()), signer.KeyId);
        return new SignedAuditSeal(seal, await signer.SignAsync(seal.ToCanonicalJson(), cancellationToken));
    }

    /// <summary>
    /// The record to keep when retention deletes every event up to and including <paramref name="lastRemovedSeal"/>'s
    /// range. Taking a seal (not a sequence) is what keeps pruning to whole sealed segments.
    /// </summary>
    public async Task<SignedAuditPruneRecord> RecordPruneAsync(AuditSeal lastRemovedSeal, CancellationToken cancellationToken = default)
    {
        var record = new AuditPruneRecord(lastRemovedSeal.Tenant, 1, lastRemovedSeal.Last, lastRemovedSeal.LastHash,
            lastRemovedSeal.ComputeHash(), AuditTime.Truncate(time.GetUtcNow()), signer.KeyId);
        return new SignedAuditPruneRecord(record, await signer.SignAsync(record.ToCanonicalJson(), cancellationToken));
    }
}
