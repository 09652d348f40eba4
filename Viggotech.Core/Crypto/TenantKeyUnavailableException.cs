namespace Viggotech.Core.Crypto;

/// <summary>
/// The tenant's keys cannot be used right now: the tenant has no keys yet, Key Vault refused or
/// failed, or a key version is disabled. Unlike <see cref="TenantKeyDestroyedException"/> this can heal.
/// </summary>
public sealed class TenantKeyUnavailableException(Guid tenantId, string reason, Exception? inner = null)
    : Exception($"The encryption keys of tenant {tenantId} are not available: {reason}.", inner)
{
    public Guid TenantId { get; } = tenantId;
}
