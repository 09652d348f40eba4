using Viggotech.ServiceDefaults.DataProtection;

namespace Viggotech.Web.SignIn;

/// <summary>
/// The portal's data-protection key ring (its session, sign-in and antiforgery cookies' keys): kept in
/// Redis so every portal instance shares it, each key sealed under a Key Vault key of its own
/// (<see cref="KeyVaultKeySeal.Portal"/>), so a copy of Redis is not enough to forge a portal cookie.
/// </summary>
public static class PortalKeyRing
{
    public const string RedisKey = "dataprotection:web";
}

/// <summary>Opens a sealed key of the portal's ring. Every stored key names this type, so it keeps its name and namespace.</summary>
public sealed class PortalKeyDecryptor(IServiceProvider services) : SealedKeyDecryptor(services, KeyVaultKeySeal.Portal);
