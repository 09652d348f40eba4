namespace Viggotech.Core.Crypto.Keys;

/// <summary>A KEK version was disabled, typically because a rotation re-wrapped every data key away from it.</summary>
public sealed class KekVersionDisabledException(Guid tenantId, Exception inner)
    : Exception($"A key-encryption key version of tenant {tenantId} is disabled.", inner)
{
    public Guid TenantId { get; } = tenantId;
}
