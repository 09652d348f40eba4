namespace Viggotech.Core.Audit.Sealing;

/// <summary>Where the seal chain stands: the last sealed sequence and that seal's hash.</summary>
public readonly record struct AuditSealPoint(long Last, AuditHash SealHash)
{
    public static AuditSealPoint Genesis => new(0, AuditHash.Zero);

    public static AuditSealPoint After(AuditSeal seal) => new(seal.Last, seal.ComputeHash());

    /// <summary>After retention the seals of the removed range may be gone; the prune record stands in for them.</summary>
    public static AuditSealPoint After(AuditPruneRecord pruned) => new(pruned.Last, pruned.SealHash);
}
