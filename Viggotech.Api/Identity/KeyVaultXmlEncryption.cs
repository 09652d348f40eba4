using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Viggotech.Api.Identity;

/// <summary>
/// Keeps the Api's data-protection key ring (which protects its sign-in and antiforgery cookies)
/// encrypted where it is stored, in Redis: each key is sealed with AES-256-GCM under a
/// key-encryption key held as a Key Vault secret (<see cref="SecretName"/>, created on first use).
/// Someone who copies Redis (a snapshot, a replica) gets ciphertext; forging a cookie also needs
/// the vault. The secret's version is recorded with each sealed key, so a new version (a rotation,
/// or two instances creating the secret at once) never makes older keys unreadable.
/// </summary>
public static class KeyVaultXmlEncryption
{
    public const string SecretName = "dataprotection-api-kek";

    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("viggotech/dataprotection/api");

    // Key-encryption keys by secret version; the ring is read again on every key refresh.
    private static readonly ConcurrentDictionary<string, byte[]> Keys = new(StringComparer.Ordinal);

    internal static XElement Seal(SecretClient secrets, XElement plaintextElement)
    {
        var (version, key) = CurrentKey(secrets);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + plaintext.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(nonce.Length, plaintext.Length), sealedBytes.AsSpan(nonce.Length + plaintext.Length), AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return new XElement("sealedKey",
            new XAttribute("secret", SecretName),
            new XAttribute("version", version),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
    }

    internal static XElement Open(SecretClient secrets, XElement encryptedElement)
    {
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
                sealedBytes.AsSpan(nonceLength + plaintext.Length), plaintext, AssociatedData);
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

    // Data protection calls its encryptors synchronously, hence the vault's synchronous calls.
    private static (string Version, byte[] Key) CurrentKey(SecretClient secrets)
    {
        KeyVaultSecret secret;
        try
        {
            secret = secrets.GetSecret(SecretName).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            secret = secrets.SetSecret(SecretName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Value;
        }

        var key = Keys.GetOrAdd(secret.Properties.Version, _ => Convert.FromBase64String(secret.Value));
        return (secret.Properties.Version, key);
    }

    private static byte[] KeyVersion(SecretClient secrets, string version) =>
        Keys.GetOrAdd(version, v => Convert.FromBase64String(secrets.GetSecret(SecretName, v).Value.Value));
}

/// <summary>Seals each new data-protection key before it is stored (see <see cref="KeyVaultXmlEncryption"/>).</summary>
public sealed class KeyVaultXmlEncryptor(SecretClient secrets) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(KeyVaultXmlEncryption.Seal(secrets, plaintextElement), typeof(KeyVaultXmlDecryptor));
}

/// <summary>Opens a sealed data-protection key; created by data protection itself, hence the service-provider constructor.</summary>
public sealed class KeyVaultXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyVaultXmlEncryption.Open(services.GetRequiredService<SecretClient>(), encryptedElement);
}
