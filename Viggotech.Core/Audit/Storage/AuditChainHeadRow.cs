using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

/// <summary>
/// The last link of a tenant's chain (<c>audit_chain_heads</c>). Appends lock this row
/// (<c>FOR UPDATE</c>) until their transaction ends, which is what serialises them per tenant.
/// </summary>
public sealed class AuditChainHeadRow : ITenantOwned
{
    public Guid TenantId { get; set; }

    public long LastSeq { get; set; }

    public required byte[] LastHash { get; set; }
}
