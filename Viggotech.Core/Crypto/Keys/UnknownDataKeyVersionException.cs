namespace Viggotech.Core.Crypto.Keys;

/// <summary>A stored value names a data key version the tenant never had: a sign of tampering or of a value from another tenant.</summary>
public sealed class UnknownDataKeyVersionException(Guid tenantId, int version)
    : Exception($"Tenant {tenantId} has no data key version {version}.")
{
    public Guid TenantId { get; } = tenantId;

    public int Version { get; } = version;
}
