using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>The emulator started as a process, configured only by environment variables.</summary>
public sealed class ProcessTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("kv-emulator-process-").FullName;
    private EmulatorProcess emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorProcess.StartAsync(folder);

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Process_serves_secret_client_over_pinned_https()
    {
        var pinned = emulator.Certificate;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.RawData.AsSpan().SequenceEqual(pinned.RawData),
        };
        var client = new SecretClient(emulator.VaultUri, new FixedTokenCredential(), new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(handler),
        });

        await client.SetSecretAsync("from-process", "value");

        Assert.Equal("value", (await client.GetSecretAsync("from-process")).Value.Value);
        Assert.True(File.Exists(Path.Combine(folder, "secrets", "from-process.json")));
    }

    [Fact]
    public async Task Unpinned_client_does_not_trust_the_emulator()
    {
        using var http = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(emulator.VaultUri, "/health")));
    }
}
