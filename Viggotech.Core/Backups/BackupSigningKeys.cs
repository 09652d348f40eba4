using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.KeyVault;

namespace Viggotech.Core.Backups;

/// <summary>
/// The keys that sign backup manifests: versions of one Key Vault secret (<see cref="VaultSigningKey"/>),
/// like the audit signing key. The newest version signs and is created on first use; older
/// versions stay readable so every manifest they signed keeps verifying.
/// </summary>
public sealed partial class BackupSigningKeys(SecretClient vault, IOptions<BackupsOptions> options, ILogger<BackupSigningKeys> logger)
{
    private static readonly Dictionary<string, string> Tags = new() { ["purpose"] = "backup-manifest-signing" };

    private readonly VaultSigningKey key = new(vault, options.Value.SigningKeySecret);

    /// <summary>Signs with the current version; the signature names it and carries its public key.</summary>
    public async Task<BackupManifestSignatureFactory> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var current = await key.CurrentAsync(cancellationToken) ?? await CreateAsync(cancellationToken);
        return new BackupManifestSignatureFactory(current.KeyId, current.Key);
    }

    /// <summary>The public key of every version: what manifests are checked against, and what is published for customers (JWKS).</summary>
    public async Task<AuditKeySet> PublicKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new AuditKeySet();
        try
        {
            await foreach (var version in key.EnabledVersionsAsync(cancellationToken))
            {
                using var versionKey = version.Key;
                keys.Add(AuditPublicKey.FromEcdsa(version.KeyId, versionKey));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No manifest was ever signed: an empty set, against which every signature is unknown.
        }

        return keys;
    }

    private async Task<VaultKeyVersion> CreateAsync(CancellationToken cancellationToken)
    {
        var created = await key.CreateVersionAsync(Tags, cancellationToken);
        LogCreated(logger, created.KeyId);
        return created;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup signing key {KeyId} created; it signs manifests from now on")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
