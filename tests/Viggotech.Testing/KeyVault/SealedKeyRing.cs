using System.Security.Cryptography;
using System.Xml.Linq;
using StackExchange.Redis;
using Viggotech.ServiceDefaults.DataProtection;
using Viggotech.Testing.Platform;
using Xunit;

namespace Viggotech.Testing.KeyVault;

/// <summary>
/// A service's data-protection key ring as someone who copies Redis sees it: nothing of a key in the
/// clear, only its sealed form and the vault secret that opens it; the vault's key opens each one,
/// and one flipped bit makes it not open.
/// </summary>
public static class SealedKeyRing
{
    /// <param name="redisKey">The Redis list holding the ring, e.g. <c>dataprotection:web</c>.</param>
    /// <param name="seal">The seal the keys must open with (its secret name and associated data).</param>
    /// <param name="decryptorType">The full name of the type the stored keys must name as their decryptor.</param>
    public static async Task AssertSealedAsync(PlatformFixture platform, string redisKey, KeyVaultKeySeal seal, string decryptorType)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("redis"));
        var stored = (await redis.GetDatabase().ListRangeAsync(redisKey)).Select(v => XElement.Parse(v.ToString())).ToList();
        Assert.NotEmpty(stored);
        var secrets = platform.CreateSecretClient();
        foreach (var key in stored)
        {
            Assert.Empty(key.Descendants("masterKey"));
            var sealedKey = key.Descendants("sealedKey").Single();
            Assert.Equal(seal.SecretName, (string?)sealedKey.Attribute("secret"));
            Assert.Equal(decryptorType, ((string?)sealedKey.Parent!.Attribute("decryptorType"))?.Split(',')[0]);

            Assert.Equal("masterKey", seal.Open(secrets, sealedKey).Name.LocalName);
            var bytes = Convert.FromBase64String((string)sealedKey.Element("value")!);
            bytes[^20] ^= 1;
            var tampered = new XElement(sealedKey);
            tampered.Element("value")!.Value = Convert.ToBase64String(bytes);
            Assert.ThrowsAny<CryptographicException>(() => seal.Open(secrets, tampered));
        }

        Assert.NotNull((await secrets.GetSecretAsync(seal.SecretName)).Value);
    }
}
