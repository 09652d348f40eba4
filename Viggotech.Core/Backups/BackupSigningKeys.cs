using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit.Sealing;

namespace Viggotech.Core.Backups;

/// <summary>
/// The keys that sign backup manifests: versions of one Key Vault secret (PKCS#8 PEM, ECDSA P-256),
/// like the audit signing key. The newest version signs and is created on first use; older
/// versions stay readable so every manifest they signed keeps verifying. A key id is the secret
/// name and version, e.g. <c>backup-signing-key/3b1f0c…</c>.
/// </summary>
public sealed partial class BackupSigningKeys(SecretClient vault, IOptions<BackupsOptions> options, ILogger<BackupSigningKeys> logger)
{
    private const string PemContentType = "application/x-pem-file";

    private string SecretName => options.Value.SigningKeySecret;

    /// <summary>Signs with the current version; the signature names it and carries its public key.</summary>
    public async Task<BackupManifestSignatureFactory> CurrentAsync(CancellationToken cancellationToken = default)
    {
        KeyVaultSecret secret;
        try
        {
            secret = (await vault.GetSecretAsync(SecretName, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            secret = await RotateAsync(cancellationToken);
        }

        return new BackupManifestSignatureFactory(KeyId(secret.Properties), Import(secret.Value));
    }

    /// <summary>Makes a new signing key version, which signs from now on.</summary>
    public async Task<KeyVaultSecret> RotateAsync(CancellationToken cancellationToken = default)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = new KeyVaultSecret(SecretName, key.ExportPkcs8PrivateKeyPem()) { Properties = { ContentType = PemContentType } };
        secret.Properties.Tags["purpose"] = "backup-manifest-signing";
        var stored = (await vault.SetSecretAsync(secret, cancellationToken)).Value;
        LogCreated(logger, KeyId(stored.Properties));
        return stored;
    }

    /// <summary>The public key of every version: what manifests are checked against, and what is published for customers (JWKS).</summary>
    public async Task<AuditKeySet> PublicKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new AuditKeySet();
        try
        {
            await foreach (var version in vault.GetPropertiesOfSecretVersionsAsync(SecretName, cancellationToken))
            {
                if (version.Enabled == false)
                {
                    continue;
                }

                var secret = (await vault.GetSecretAsync(SecretName, version.Version, cancellationToken)).Value;
                using var key = Import(secret.Value);
                keys.Add(AuditPublicKey.FromEcdsa(KeyId(secret.Properties), key));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No manifest was ever signed: an empty set, against which every signature is unknown.
        }

        return keys;
    }

    private static ECDsa Import(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static string KeyId(SecretProperties properties) => $"{properties.Name}/{properties.Version}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup signing key {KeyId} created; it signs manifests from now on")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
