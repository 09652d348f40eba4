namespace Viggotech.Core.Audit;

/// <summary>An event at its place in the tenant's chain: what is stored and exported.</summary>
public sealed record ChainedAuditEvent(long Sequence, AuditHash Previous, AuditEvent Event, AuditHash Hash)
{
    public AuditChainHead Head => new(Sequence, Hash);
}
