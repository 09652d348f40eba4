namespace Viggotech.Core.Audit;

/// <summary>The last link of a tenant's chain; <see cref="Genesis"/> before the first event.</summary>
public readonly record struct AuditChainHead(long Sequence, AuditHash Hash)
{
    public static AuditChainHead Genesis => new(0, AuditHash.Zero);
}
