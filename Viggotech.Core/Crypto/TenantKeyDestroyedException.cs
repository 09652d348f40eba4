namespace Viggotech.Core.Crypto;

/// <summary>
/// The tenant's key-encryption key was destroyed (crypto-shredded) or is gone from Key Vault, so
/// none of its encrypted fields or documents can be decrypted again. The rows and blobs remain.
/// </summary>
public sealed class TenantKeyDestroyedException(Guid tenantId, Exception? inner = null)
    : Exception($"The encryption key of tenant {tenantId} has been destroyed; its encrypted data can no longer be read.", inner)
{
    public Guid TenantId { get; } = tenantId;
}
