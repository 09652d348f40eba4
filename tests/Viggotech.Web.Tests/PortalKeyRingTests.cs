using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using StackExchange.Redis;
using Viggotech.ServiceDefaults.DataProtection;
using Viggotech.Testing.Browser;

namespace Viggotech.Web.Tests;

/// <summary>
/// The portal's data-protection keys (its session, sign-in and antiforgery cookies' keys) as stored in
/// Redis: sealed under the vault's <c>dataprotection-web-kek</c>, so a copy of Redis cannot forge a portal cookie.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalKeyRingTests(BrowserFixture platform)
{
    // The portal's ring as the test expects to find it, spelled out rather than read from the portal's code.
    private const string SecretName = "dataprotection-web-kek";
    private static readonly KeyVaultKeySeal PortalSeal = new(SecretName, "viggotech/dataprotection/web");

    [Fact]
    public async Task The_portals_keys_in_redis_are_sealed_under_its_vault_key_and_a_tampered_one_does_not_open()
    {
        // Starting a sign-in protects the OpenID Connect state with the ring, so the portal creates it.
        var handler = (SocketsHttpHandler)platform.CreateTrustingHandler();
        handler.AllowAutoRedirect = false;
        using var web = new HttpClient(handler) { BaseAddress = platform.Endpoint("web", "https") };
        var challenge = await web.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("redis"));
        var stored = (await redis.GetDatabase().ListRangeAsync("dataprotection:web")).Select(v => XElement.Parse(v.ToString())).ToList();
        Assert.NotEmpty(stored);
        var secrets = platform.CreateSecretClient();
        foreach (var key in stored)
        {
            // Nothing of the key itself in the clear: only the sealed form and which vault secret opens it.
            Assert.Empty(key.Descendants("masterKey"));
            var sealedKey = key.Descendants("sealedKey").Single();
            Assert.Equal(SecretName, (string?)sealedKey.Attribute("secret"));
            Assert.Equal("Viggotech.Web.SignIn.PortalKeyDecryptor", ((string?)sealedKey.Parent!.Attribute("decryptorType"))?.Split(',')[0]);

            // The vault's key opens it; one flipped bit, and it does not.
            Assert.Equal("masterKey", PortalSeal.Open(secrets, sealedKey).Name.LocalName);
            var bytes = Convert.FromBase64String((string)sealedKey.Element("value")!);
            bytes[^20] ^= 1;
            var tampered = new XElement(sealedKey);
            tampered.Element("value")!.Value = Convert.ToBase64String(bytes);
            Assert.ThrowsAny<CryptographicException>(() => PortalSeal.Open(secrets, tampered));
        }

        Assert.NotNull((await secrets.GetSecretAsync(SecretName)).Value);
    }
}
