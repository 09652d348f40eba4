using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// One version of a tenant's data-encryption key (AES-256), stored only wrapped by the tenant's
/// key-encryption key in Key Vault. Field, document and blind-index keys are derived from it.
/// </summary>
public sealed class TenantDataKey : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    /// <summary>1, 2, 3...: what encrypted values and document headers name.</summary>
    public int Version { get; init; }

    /// <summary>The key wrapped with AES-256-GCM under <see cref="KekVersion"/>; null once destroyed.</summary>
    public byte[]? WrappedKey { get; set; }

    /// <summary>The Key Vault secret version of the key-encryption key that wraps it.</summary>
    public string? KekVersion { get; set; }

    public DataKeyStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; set; }

    public DateTimeOffset? DestroyedAt { get; set; }
}
