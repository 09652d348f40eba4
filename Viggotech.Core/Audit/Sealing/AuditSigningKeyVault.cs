using System.Runtime.CompilerServices;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.KeyVault;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>
/// The audit signing keys, held in Key Vault as versions of one secret (<see cref="VaultSigningKey"/>).
/// The newest version signs; a new version is made on first use and when the current one is older
/// than <see cref="AuditOptions.SigningKeyLifetime"/>. Old versions are never disabled, so their
/// public keys can always be read and published: seals they signed must keep verifying.
/// </summary>
public sealed partial class AuditSigningKeyVault(SecretClient vault, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditSigningKeyVault> logger)
{
    private readonly VaultSigningKey key = new(vault, options.Value.SigningKeySecret);

    /// <summary>The signer for the current key version, rotating first if that version is due.</summary>
    public async Task<EcdsaAuditSigner> CurrentSignerAsync(CancellationToken cancellationToken = default)
    {
        if (await key.CurrentAsync(cancellationToken) is not { } current)
        {
            LogFirstKey(logger, options.Value.SigningKeySecret);
            return await RotateAsync(cancellationToken);
        }

        if (current.CreatedOn is { } created && time.GetUtcNow() - created >= options.Value.SigningKeyLifetime)
        {
            current.Key.Dispose();
            LogRotating(logger, current.KeyId);
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
        var created = await key.CreateVersionAsync(cancellationToken: cancellationToken);
        LogCreated(logger, created.KeyId);
        return Signer(created);
    }

    /// <summary>The public key of every readable version, for the published key set.</summary>
    public async IAsyncEnumerable<AuditPublicKey> PublicKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A disabled version's public key was published when it signed (every signer is published first).
        await foreach (var version in key.EnabledVersionsAsync(cancellationToken))
        {
            using var signer = Signer(version);
            yield return signer.PublicKey;
        }
    }

    private static EcdsaAuditSigner Signer(VaultKeyVersion version)
    {
        try
        {
            return new EcdsaAuditSigner(version.KeyId, version.Key);
        }
        catch
        {
            version.Key.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No audit signing key in secret {SecretName} yet; creating the first version")]
    private static partial void LogFirstKey(ILogger logger, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit signing key {KeyId} reached its lifetime; rotating")]
    private static partial void LogRotating(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit signing key {KeyId} created; it signs from now on")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
