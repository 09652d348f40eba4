using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

/// <summary>
/// The last link of a tenant's chain (<c>audit_chain_heads</c>). Each append moves it in the same
/// statement that inserts the event, and holds its row lock until the transaction ends, which is
/// what serialises appends per tenant. <see cref="PrevHash"/> is the link before the last, kept so
/// that statement can hand the inserted event its previous hash.
/// </summary>
public sealed class AuditChainHeadRow : ITenantOwned
{
    public Guid TenantId { get; set; }

    public long LastSeq { get; set; }

    public required byte[] LastHash { get; set; }

    public required byte[] PrevHash { get; set; }
}
