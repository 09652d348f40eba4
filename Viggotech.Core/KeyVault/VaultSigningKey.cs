using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Viggotech.Core.KeyVault;

/// <summary>
/// An ECDSA P-256 signing key kept as the versions of one Key Vault secret (PKCS#8 PEM). The newest
/// version signs; older ones stay readable so whatever they signed keeps verifying. A key id is the
/// secret name and version, e.g. <c>audit-signing-key/3b1f0c…</c>. Audit seals and backup manifests
/// each sign with one of these.
/// </summary>
public sealed class VaultSigningKey(SecretClient vault, string secretName)
{
    private const string PemContentType = "application/x-pem-file";

    /// <summary>The current version, or null when none was ever made. The caller owns the key.</summary>
    public async Task<VaultKeyVersion?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return Import((await vault.GetSecretAsync(secretName, cancellationToken: cancellationToken)).Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Makes a new version, which signs from now on. The caller owns the key.</summary>
    public async Task<VaultKeyVersion> CreateVersionAsync(IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = new KeyVaultSecret(secretName, key.ExportPkcs8PrivateKeyPem()) { Properties = { ContentType = PemContentType } };
        foreach (var (name, value) in tags ?? new Dictionary<string, string>())
        {
            secret.Properties.Tags[name] = value;
        }

        return Import((await vault.SetSecretAsync(secret, cancellationToken)).Value);
    }

    /// <summary>Every enabled version, oldest first as Key Vault lists them; the caller disposes each key.</summary>
    public async IAsyncEnumerable<VaultKeyVersion> EnabledVersionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var version in vault.GetPropertiesOfSecretVersionsAsync(secretName, cancellationToken))
        {
            if (version.Enabled == false)
            {
                continue;
            }

            yield return Import((await vault.GetSecretAsync(secretName, version.Version, cancellationToken)).Value);
        }
    }

    private static VaultKeyVersion Import(KeyVaultSecret secret)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(secret.Value);
            return new VaultKeyVersion($"{secret.Properties.Name}/{secret.Properties.Version}", key, secret.Properties.CreatedOn);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}

/// <summary>One version of a <see cref="VaultSigningKey"/>: its id, the private key and when it was made.</summary>
public sealed record VaultKeyVersion(string KeyId, ECDsa Key, DateTimeOffset? CreatedOn);
