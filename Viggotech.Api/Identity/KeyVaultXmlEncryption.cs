using Viggotech.ServiceDefaults.DataProtection;

namespace Viggotech.Api.Identity;

/// <summary>The Api's data-protection key ring, sealed under a Key Vault key (see <see cref="KeyVaultKeySeal"/>).</summary>
public static class KeyVaultXmlEncryption
{
    internal static readonly KeyVaultKeySeal Seal = KeyVaultKeySeal.Api;
}

/// <summary>Opens a sealed key of the Api's ring. Every stored key names this type, so it keeps its name and namespace.</summary>
public sealed class KeyVaultXmlDecryptor(IServiceProvider services) : SealedKeyDecryptor(services, KeyVaultXmlEncryption.Seal);
