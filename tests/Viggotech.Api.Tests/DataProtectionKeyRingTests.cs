using Viggotech.Api.Identity;
using Viggotech.ServiceDefaults.DataProtection;
using Viggotech.Testing.KeyVault;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

/// <summary>The Api's data-protection keys (its cookies' keys) as stored in Redis: sealed under a Key Vault key.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DataProtectionKeyRingTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_keys_in_redis_are_sealed_under_the_vaults_key_and_a_tampered_one_does_not_open()
    {
        // Any page with a form makes the Api use (and so create) its key ring.
        using var api = platform.CreateHttpClient("api", "https");
        (await api.GetAsync("/signin")).EnsureSuccessStatusCode();

        await SealedKeyRing.AssertSealedAsync(platform, "dataprotection:api", KeyVaultKeySeal.Api, typeof(KeyVaultXmlDecryptor).FullName!);
    }
}
