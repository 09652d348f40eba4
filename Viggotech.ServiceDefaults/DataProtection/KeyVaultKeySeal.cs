using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Viggotech.ServiceDefaults.DataProtection;

/// <summary>
/// Keeps a service's data-protection key ring (which protects its sign-in and antiforgery cookies)
/// encrypted where it is stored, in Redis: each key is sealed with AES-256-GCM under a
/// key-encryption key held as one Key Vault secret (<see cref="SecretName"/>). A service allowed to
/// manage vault secrets creates it on first use; one that may only read them (the portal) finds it
/// created by the migration step (<see cref="EnsureSecretAsync"/>) and fails with a clear error if not.
/// Someone who copies Redis (a snapshot, a replica) gets ciphertext; forging a cookie also needs
/// the vault. The secret's version is recorded with each sealed key, so a new version (a rotation,
/// or two instances creating the secret at once) never makes older keys unreadable. The associated
/// data names the ring, so a key sealed for one service does not open as another's.
/// </summary>
public sealed class KeyVaultKeySeal(string secretName, string associatedData, bool createIfMissing)
{
    /// <summary>The Api's ring; the Api manages vault secrets and creates it on first use.</summary>
    public static readonly KeyVaultKeySeal Api = new("dataprotection-api-kek", "viggotech/dataprotection/api", createIfMissing: true);

    /// <summary>
    /// The portal's ring. The portal may only read vault secrets (it holds Key Vault Secrets User, not
    /// Officer, so a compromised portal cannot delete tenant keys): the migration step creates this one.
    /// </summary>
    public static readonly KeyVaultKeySeal Portal = new("dataprotection-web-kek", "viggotech/dataprotection/web", createIfMissing: false);

    private readonly byte[] associatedData = Encoding.ASCII.GetBytes(associatedData);

    // Key-encryption keys by secret version; the ring is read again on every key refresh.
    private readonly ConcurrentDictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    /// <summary>The Key Vault secret holding this ring's key-encryption key.</summary>
    public string SecretName { get; } = secretName;

    internal XElement Seal(SecretClient secrets, XElement plaintextElement)
    {
        var (version, key) = CurrentKey(secrets);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + plaintext.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(nonce.Length, plaintext.Length), sealedBytes.AsSpan(nonce.Length + plaintext.Length), associatedData);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return new XElement("sealedKey",
            new XAttribute("secret", SecretName),
            new XAttribute("version", version),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
    }

    internal XElement Open(SecretClient secrets, XElement encryptedElement)
    {
        if ((string?)encryptedElement.Attribute("secret") is { } secret && secret != SecretName)
        {
            throw new CryptographicException($"The sealed data-protection key belongs to another key ring ({secret}).");
        }

        var version = (string?)encryptedElement.Attribute("version") ?? throw new CryptographicException("The sealed data-protection key names no secret version.");
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var nonceLength = AesGcm.NonceByteSizes.MaxSize;
        var tagLength = AesGcm.TagByteSizes.MaxSize;
        if (sealedBytes.Length < nonceLength + tagLength)
        {
            throw new CryptographicException("The sealed data-protection key is truncated.");
        }

        var plaintext = new byte[sealedBytes.Length - nonceLength - tagLength];
        using (var aes = new AesGcm(KeyVersion(secrets, version), tagLength))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, nonceLength), sealedBytes.AsSpan(nonceLength, plaintext.Length),
                sealedBytes.AsSpan(nonceLength + plaintext.Length), plaintext, associatedData);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Creates the key-encryption key if the vault does not hold it yet; true when it was created.</summary>
    public async Task<bool> EnsureSecretAsync(SecretClient secrets, CancellationToken cancellationToken = default)
    {
        try
        {
            await secrets.GetSecretAsync(SecretName, cancellationToken: cancellationToken);
            return false;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await secrets.SetSecretAsync(SecretName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
            return true;
        }
    }

    // Data protection calls its encryptors synchronously, hence the vault's synchronous calls.
    private (string Version, byte[] Key) CurrentKey(SecretClient secrets)
    {
        KeyVaultSecret secret;
        try
        {
            secret = secrets.GetSecret(SecretName).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404 && createIfMissing)
        {
            secret = secrets.SetSecret(SecretName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException(
                $"The vault holds no {SecretName}, the key that seals this service's data-protection keys. " +
                "The migration step (Viggotech.Worker migrate) creates it; run it with the vault configured.", e);
        }

        var key = keys.GetOrAdd(secret.Properties.Version, _ => Convert.FromBase64String(secret.Value));
        return (secret.Properties.Version, key);
    }

    private byte[] KeyVersion(SecretClient secrets, string version) =>
        keys.GetOrAdd(version, v => Convert.FromBase64String(secrets.GetSecret(SecretName, v).Value.Value));
}
