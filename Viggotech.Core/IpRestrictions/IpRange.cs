using Viggotech.Core.Tenancy;

namespace Viggotech.Core.IpRestrictions;

/// <summary>One allowed range of a tenant's IP allow list, in canonical CIDR form.</summary>
public sealed class IpRange : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    /// <summary>Canonical CIDR (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>); a single address is stored as /32 or /128.</summary>
    public required string Cidr { get; init; }

    public required string Label { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
