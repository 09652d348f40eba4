using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// The tenants' key-encryption keys: one Key Vault secret per tenant, <c>tenant-&lt;id&gt;-kek</c>,
/// whose versions are the KEK versions. Each holds 32 random bytes (base64). Only the Secrets
/// API is available, so the key is read into memory to wrap and unwrap, and never kept.
/// </summary>
public sealed class KeyEncryptionKeys(SecretClient secrets)
{
    public const string ContentType = "application/vnd.viggotech.kek; alg=A256GCMKW; encoding=base64";

    public static string SecretName(Guid tenantId) => $"tenant-{tenantId:D}-kek";

    /// <summary>
    /// Adds a new version with fresh random key material (the tenant's first KEK, or a rotation).
    /// The caller wraps with the returned material and must zero it.
    /// </summary>
    public async Task<(string Version, byte[] Material)> AddVersionAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var material = RandomNumberGenerator.GetBytes(KeyWrap.KeySize);
        try
        {
            var secret = new KeyVaultSecret(SecretName(tenantId), Convert.ToBase64String(material));
            secret.Properties.ContentType = ContentType;
            secret.Properties.Tags["tenant"] = tenantId.ToString();
            secret.Properties.Tags["purpose"] = "key-encryption-key";
            var stored = await Call(tenantId, () => secrets.SetSecretAsync(secret, cancellationToken));
            return (stored.Value.Properties.Version, material);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(material);
            throw;
        }
    }

    /// <summary>
    /// Reads one KEK version. A missing secret means the key was destroyed
    /// (<see cref="TenantKeyDestroyedException"/>); a disabled version surfaces as
    /// <see cref="KekVersionDisabledException"/> so a caller holding an old wrapped key can reload it.
    /// </summary>
    public async Task<byte[]> GetAsync(Guid tenantId, string version, CancellationToken cancellationToken)
    {
        var secret = await Call(tenantId, () => secrets.GetSecretAsync(SecretName(tenantId), version, cancellationToken));
        var material = Convert.FromBase64String(secret.Value.Value);
        if (material.Length != KeyWrap.KeySize)
        {
            CryptographicOperations.ZeroMemory(material);
            throw new TenantKeyUnavailableException(tenantId, $"key-encryption key version {version} is not a 256-bit key");
        }

        return material;
    }

    /// <summary>When each version of the tenant's KEK was created and whether it is enabled; never the key material.</summary>
    public async Task<IReadOnlyList<KeyEncryptionKeyVersion>> ListVersionsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var versions = new List<KeyEncryptionKeyVersion>();
        try
        {
            await foreach (var version in secrets.GetPropertiesOfSecretVersionsAsync(SecretName(tenantId), cancellationToken))
            {
                versions.Add(new KeyEncryptionKeyVersion(version.Version, version.CreatedOn, version.Enabled != false));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new TenantKeyDestroyedException(tenantId, e);
        }

        return [.. versions.OrderByDescending(v => v.CreatedAt)];
    }

    /// <summary>Disables every enabled version not in <paramref name="referenced"/>; returns the versions it disabled.</summary>
    public async Task<IReadOnlyList<string>> DisableVersionsExceptAsync(Guid tenantId, IReadOnlySet<string> referenced, CancellationToken cancellationToken)
    {
        var disabled = new List<string>();
        try
        {
            await foreach (var version in secrets.GetPropertiesOfSecretVersionsAsync(SecretName(tenantId), cancellationToken))
            {
                if (version.Enabled != false && !referenced.Contains(version.Version))
                {
                    version.Enabled = false;
                    await Call(tenantId, () => secrets.UpdateSecretPropertiesAsync(version, cancellationToken));
                    disabled.Add(version.Version);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new TenantKeyDestroyedException(tenantId, e);
        }

        return disabled;
    }

    /// <summary>
    /// Deletes the tenant's KEK (every version) and purges it. Where the vault has purge protection
    /// (production) the purge is refused and happens when the retention period ends; the result
    /// says which. Deleting a key that is already gone is not an error.
    /// </summary>
    public async Task<KeyEncryptionKeyDestruction> DestroyAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var name = SecretName(tenantId);
        DateTimeOffset? scheduledPurge = null;
        try
        {
            var deletion = await secrets.StartDeleteSecretAsync(name, cancellationToken);
            var deleted = await deletion.WaitForCompletionAsync(cancellationToken);
            scheduledPurge = deleted.Value.ScheduledPurgeDate;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted (a retried destruction): go on to the purge.
        }

        try
        {
            await secrets.PurgeDeletedSecretAsync(name, cancellationToken);
            return new KeyEncryptionKeyDestruction(Purged: true, ScheduledPurgeDate: null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new KeyEncryptionKeyDestruction(Purged: true, ScheduledPurgeDate: null);
        }
        catch (RequestFailedException e) when (e.Status is 403 or 409)
        {
            // Purge protection: the vault keeps the deleted key until its scheduled purge date.
            return new KeyEncryptionKeyDestruction(Purged: false, scheduledPurge);
        }
    }

    private static async Task<Response<T>> Call<T>(Guid tenantId, Func<Task<Response<T>>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new TenantKeyDestroyedException(tenantId, e);
        }
        catch (RequestFailedException e) when (e.Status == 403 && e.ErrorCode == "Forbidden")
        {
            throw new KekVersionDisabledException(tenantId, e);
        }
        catch (RequestFailedException e)
        {
            throw new TenantKeyUnavailableException(tenantId, $"Key Vault answered {e.Status} {e.ErrorCode}", e);
        }
    }
}
