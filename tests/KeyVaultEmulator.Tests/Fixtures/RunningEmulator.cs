using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Viggotech.KeyVaultEmulator.Tls;

namespace Viggotech.KeyVaultEmulator.Tests.Fixtures;

/// <summary>
/// The real emulator on a real Kestrel socket: HTTPS on a free port of 127.0.0.1, with a data
/// folder of its own that is deleted afterwards. Clients trust it only by pinning the
/// certificate the emulator published in <c>tls/server.crt</c>.
/// </summary>
public sealed class RunningEmulator : IAsyncLifetime
{
    private WebApplication? app;

    public string DataPath { get; } = Directory.CreateTempSubdirectory("kv-emulator-").FullName;

    public Uri VaultUri { get; private set; } = null!;

    public X509Certificate2 Certificate { get; private set; } = null!;

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The emulator is not running.");

    public string CertificatePath => Path.Combine(DataPath, "tls", EmulatorCertificate.PublicCertificateFile);

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataPath, recursive: true);
    }

    public async Task StartAsync()
    {
        app = EmulatorHost.Create(Arguments(DataPath));
        await app.StartAsync();
        VaultUri = new Uri(app.Urls.Single());
        Certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(CertificatePath));
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public static string[] Arguments(string dataPath) =>
    [
        "--urls", "https://127.0.0.1:0",
        $"--KeyVault:DataPath={dataPath}",
        "--Logging:LogLevel:Default=Warning",
    ];

    public SecretClient CreateClient(FixedTokenCredential? credential = null) => new(
        VaultUri,
        credential ?? new FixedTokenCredential(),
        new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(CreatePinnedHandler()),
            Retry = { MaxRetries = 0 },
        });

    public HttpClient CreateHttpClient() => new(CreatePinnedHandler()) { BaseAddress = VaultUri };

    /// <summary>Accepts exactly the emulator's certificate and nothing else, whatever the trust store says.</summary>
    public HttpClientHandler CreatePinnedHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, presented, _, _) => IsEmulatorCertificate(presented),
    };

    public bool IsEmulatorCertificate(X509Certificate? presented) =>
        presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(Certificate.RawData);
}
