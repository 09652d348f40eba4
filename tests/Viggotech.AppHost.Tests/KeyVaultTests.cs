using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Viggotech.Testing.Platform;

namespace Viggotech.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class KeyVaultTests(PlatformFixture platform)
{
    [Fact]
    public async Task Secret_client_keeps_versions_and_soft_deletes_recovers_and_purges()
    {
        var client = CreateClient();
        var name = "kek-" + Guid.NewGuid().ToString("N")[..12];

        var first = await client.SetSecretAsync(name, "first");
        var second = await client.SetSecretAsync(name, "second");
        Assert.NotEqual(first.Value.Properties.Version, second.Value.Properties.Version);
        Assert.Equal("first", (await client.GetSecretAsync(name, first.Value.Properties.Version)).Value.Value);
        Assert.Equal("second", (await client.GetSecretAsync(name)).Value.Value);

        var deletion = await client.StartDeleteSecretAsync(name);
        await deletion.WaitForCompletionAsync();
        Assert.NotNull(deletion.Value.RecoveryId);
        Assert.NotNull(deletion.Value.ScheduledPurgeDate);

        var recovery = await client.StartRecoverDeletedSecretAsync(name);
        await recovery.WaitForCompletionAsync();
        Assert.Equal("second", (await client.GetSecretAsync(name)).Value.Value);

        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await client.PurgeDeletedSecretAsync(name);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));
        Assert.Equal(404, gone.Status);
        var notDeleted = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name));
        Assert.Equal(404, notDeleted.Status);
    }

    private SecretClient CreateClient()
    {
        var vault = platform.Endpoint(ResourceNames.KeyVault, "https");
        return new SecretClient(vault, new EmulatorCredential(), new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(platform.CreateTrustingHandler()),
            Retry = { MaxRetries = 0 },
        });
    }

    private sealed class EmulatorCredential : TokenCredential
    {
        private static readonly AccessToken Token = new("local-emulator-token", DateTimeOffset.UtcNow.AddHours(1));

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}
