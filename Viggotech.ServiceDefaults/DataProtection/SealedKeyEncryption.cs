using System.Xml.Linq;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Viggotech.ServiceDefaults.DataProtection;

public static class SealedKeyEncryption
{
    /// <summary>
    /// Seals each new key of this key ring under <paramref name="seal"/> before it is stored. The
    /// service registers the vault's <see cref="SecretClient"/> (<c>AddPlatformKeyVault</c>).
    /// </summary>
    /// <typeparam name="TDecryptor">The service's own decryptor; its type name is stored with every key.</typeparam>
    public static IDataProtectionBuilder ProtectKeysWithVaultSeal<TDecryptor>(this IDataProtectionBuilder builder, KeyVaultKeySeal seal)
        where TDecryptor : SealedKeyDecryptor
    {
        builder.Services.AddOptions<KeyManagementOptions>().Configure<SecretClient>((options, secrets) =>
            options.XmlEncryptor = new SealedKeyEncryptor(secrets, seal, typeof(TDecryptor)));
        return builder;
    }
}

/// <summary>Seals each new data-protection key before it is stored (see <see cref="KeyVaultKeySeal"/>).</summary>
public sealed class SealedKeyEncryptor(SecretClient secrets, KeyVaultKeySeal seal, Type decryptorType) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(seal.Seal(secrets, plaintextElement), decryptorType);
}

/// <summary>
/// Opens a sealed data-protection key. Data protection creates the decryptor named in the stored key
/// through a service-provider constructor, so each service derives its own, bound to its seal.
/// </summary>
public abstract class SealedKeyDecryptor(IServiceProvider services, KeyVaultKeySeal seal) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => seal.Open(services.GetRequiredService<SecretClient>(), encryptedElement);
}
