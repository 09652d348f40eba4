using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>
/// The audit signing keys, held in Key Vault as versions of one secret (PKCS#8 PEM, ECDSA P-256).
/// The newest version signs; a new version is made on first use and when the current one is older
/// than <see cref="AuditOptions.SigningKeyLifetime"/>. Old versions are never disabled, so their
/// public keys can always be read and published: seals they signed must keep verifying. A key's
/// id (<c>kid</c>) is the secret name and version, e.g. <c>audit-signing-key/3b1f0c…</c>.
/// </summary>
public sealed partial class AuditSigningKeyVault(SecretClient vault, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditSigningKeyVault> logger)
{
    private const string PemContentType = "application/x-pem-file";

    private string SecretName => options.Value.SigningKeySecret;

    /// <summary>The signer for the current key version, rotating first if that version is due.</summary>
    public async Task<EcdsaAuditSigner> CurrentSignerAsync(CancellationToken cancellationToken = default)
    {
        KeyVaultSecret current;
        try
        {
            current = (await vault.GetSecretAsync(SecretName, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            LogFirstKey(logger, SecretName);
            return await RotateAsync(cancellationToken);
        }

        if (current.Properties.CreatedOn is { } created && time.GetUtcNow() - created >= options.Value.SigningKeyLifetime)
        {
            LogRotating(logger, KeyId(current.Properties));
            return await RotateAsync(cancellationToken);
        }
        return Signer(current);
    }

    /// <summary>
    /// The current signer, after its public key (and every other version's) is in the published
    /// set: a seal must never name a key a customer cannot download.
    /// </summary>
    public async Task<EcdsaAuditSigner> PublishedSignerAsync(PlatformDbContext db, CancellationToken cancellationToken = default)
    {
        var signer = await CurrentSignerAsync(cancellationToken);
        try
        {
            await db.PublishAuditKeyAsync(signer.PublicKey, cancellationToken);
            await foreach (var key in PublicKeysAsync(cancellationToken))
            {
                await db.PublishAuditKeyAsync(key, cancellationToken);
            }
            return signer;
        }
        catch
        {
            signer.Dispose();
            throw;
        }
    }

    /// <summary>Makes a new key version, which signs from now on. Earlier versions stay readable for publishing.</summary>
    public async Task<EcdsaAuditSigner> RotateAsync(CancellationToken cancellationToken = default)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = new KeyVaultSecret(SecretName, key.ExportPkcs8PrivateKeyPem()) { Properties = { ContentType = PemContentType } };
        var stored = (await vault.SetSecretAsync(secret, cancellationToken)).Value;
        LogCreated(logger, KeyId(stored.Properties));
        return Signer(stored);
    }

    /// <summary>The public key of every readable version, for the published key set.</summary>
    public async IAsyncEnumerable<AuditPublicKey> PublicKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var version in vault.GetPropertiesOfSecretVersionsAsync(SecretName, cancellationToken))
        {
            if (version.Enabled == false)
            {
                // Its public key was published when it signed (every signer is published first).
                continue;
            }
            var secret = (await vault.GetSecretAsync(SecretName, version.Version, cancellationToken)).Value;
            using var signer = Signer(secret);
            yield return signer.PublicKey;
        }
    }

    private static EcdsaAuditSigner Signer(KeyVaultSecret secret)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(secret.Value);
            return new EcdsaAuditSigner(KeyId(secret.Properties), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static string KeyId(SecretProperties properties) => $"{properties.Name}/{properties.Version}";

    [LoggerMessage(Level = LogLevel.Information, Message = "No audit signing key in secret {SecretName} yet; creating the first version")]
    private static partial void LogFirstKey(ILogger logger, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit signing key {KeyId} reached its lifetime; rotating")]
    private static partial void LogRotating(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit signing key {KeyId} created; it signs from now on")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
