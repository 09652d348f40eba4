using System.Security.Cryptography;
using System.Xml.Linq;
using StackExchange.Redis;
using Viggotech.Api.Identity;
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

        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("redis"));
        var stored = (await redis.GetDatabase().ListRangeAsync("dataprotection:api")).Select(v => XElement.Parse(v.ToString())).ToList();
        Assert.NotEmpty(stored);
        var secrets = platform.CreateSecretClient();
        foreach (var key in stored)
        {
            // Nothing of the key itself in the clear: only the sealed form and which vault secret opens it.
            Assert.Empty(key.Descendants("masterKey"));
            var sealedKey = key.Descendants("sealedKey").Single();
            Assert.Equal(KeyVaultXmlEncryption.SecretName, (string?)sealedKey.Attribute("secret"));
            Assert.Equal(typeof(KeyVaultXmlDecryptor).FullName, ((string?)sealedKey.Parent!.Attribute("decryptorType"))?.Split(',')[0]);

            // The vault's key opens it; one flipped bit, and it does not.
            Assert.Equal("masterKey", KeyVaultXmlEncryption.Seal.Open(secrets, sealedKey).Name.LocalName);
            var bytes = Convert.FromBase64String((string)sealedKey.Element("value")!);
            bytes[^20] ^= 1;
            var tampered = new XElement(sealedKey);
            tampered.Element("value")!.Value = Convert.ToBase64String(bytes);
            Assert.ThrowsAny<CryptographicException>(() => KeyVaultXmlEncryption.Seal.Open(secrets, tampered));
        }

        Assert.NotNull((await secrets.GetSecretAsync(KeyVaultXmlEncryption.SecretName)).Value);
    }
}
