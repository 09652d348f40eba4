using System.Net;
using System.Xml.Linq;
using Azure;
using Viggotech.ServiceDefaults.DataProtection;
using Viggotech.Testing.Browser;
using Viggotech.Testing.KeyVault;

namespace Viggotech.Web.Tests;

/// <summary>
/// The portal's data-protection keys (its session, sign-in and antiforgery cookies' keys) as stored in
/// Redis: sealed under the vault's <c>dataprotection-web-kek</c>, so a copy of Redis cannot forge a portal cookie.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalKeyRingTests(BrowserFixture platform)
{
    [Fact]
    public async Task The_portals_keys_in_redis_are_sealed_under_its_vault_key_and_a_tampered_one_does_not_open()
    {
        // Starting a sign-in protects the OpenID Connect state with the ring, so the portal creates it.
        var handler = (SocketsHttpHandler)platform.CreateTrustingHandler();
        handler.AllowAutoRedirect = false;
        using var web = new HttpClient(handler) { BaseAddress = platform.Endpoint("web", "https") };
        Assert.Equal(HttpStatusCode.Redirect, (await web.GetAsync("/signin")).StatusCode);

        // The ring as the test expects it, spelled out rather than read from the portal's code.
        await SealedKeyRing.AssertSealedAsync(platform, "dataprotection:web",
            new KeyVaultKeySeal("dataprotection-web-kek", "viggotech/dataprotection/web", createIfMissing: false), "Viggotech.Web.SignIn.PortalKeyDecryptor");
    }

    // The portal may only read vault secrets: its key comes from the migration step, never from the portal.
    [Fact]
    public async Task A_seal_that_may_not_create_its_key_refuses_to_seal_without_it_until_the_migration_step_creates_it()
    {
        var secrets = platform.CreateSecretClient();
        var seal = new KeyVaultKeySeal($"test-web-kek-{Guid.NewGuid():N}", "viggotech/dataprotection/test", createIfMissing: false);
        var encryptor = new SealedKeyEncryptor(secrets, seal, typeof(SealedKeyDecryptor));

        var refused = Assert.Throws<InvalidOperationException>(() => encryptor.Encrypt(new XElement("key", "material")));
        Assert.Contains(seal.SecretName, refused.Message);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => secrets.GetSecretAsync(seal.SecretName))).Status);

        Assert.True(await seal.EnsureSecretAsync(secrets));
        Assert.False(await seal.EnsureSecretAsync(secrets));
        Assert.Equal(seal.SecretName, (string?)encryptor.Encrypt(new XElement("key", "material")).EncryptedElement.Attribute("secret"));
    }
}
