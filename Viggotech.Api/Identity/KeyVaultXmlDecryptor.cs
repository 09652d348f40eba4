using Viggotech.ServiceDefaults.DataProtection;

namespace Viggotech.Api.Identity;

/// <summary>
/// Opens a sealed key of the Api's data-protection ring (<see cref="KeyVaultKeySeal.Api"/>). Every stored key
/// names this type, so it keeps its name and namespace.
/// </summary>
public sealed class KeyVaultXmlDecryptor(IServiceProvider services) : SealedKeyDecryptor(services, KeyVaultKeySeal.Api);
