using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Viggotech.Api.Authorization;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests;

[Collection(PlatformCollection.Name)]
public sealed class KeyRotationTests(PlatformFixture platform)
{
    [Fact]
    public async Task After_a_rotation_the_new_key_signs_and_the_previous_one_stays_published()
    {
        var keys = new KeyVaultServerKeys(Client(), NullLogger<KeyVaultServerKeys>.Instance);
        var before = new OpenIddictServerOptions();
        keys.Configure(before);

        await keys.RotateAsync();
        var after = new OpenIddictServerOptions();
        keys.Configure(after);

        Assert.Equal(before.SigningCredentials.Count + 1, after.SigningCredentials.Count);
        Assert.DoesNotContain(after.SigningCredentials[0].Key.KeyId, before.SigningCredentials.Select(c => c.Key.KeyId));
        Assert.Equal(before.SigningCredentials[0].Key.KeyId, after.SigningCredentials[1].Key.KeyId);
        Assert.IsType<RsaSecurityKey>(after.SigningCredentials[0].Key);
        Assert.Equal(before.EncryptionCredentials.Count + 1, after.EncryptionCredentials.Count);
        Assert.Equal(32, ((SymmetricSecurityKey)after.EncryptionCredentials[0].Key).Key.Length);
    }

    private SecretClient Client() => platform.CreateSecretClient();
}
