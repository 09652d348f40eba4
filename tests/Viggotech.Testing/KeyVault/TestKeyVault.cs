using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Viggotech.KeyVaultEmulator;
using Viggotech.KeyVaultEmulator.Tls;

namespace Viggotech.Testing.KeyVault;

/// <summary>
/// The Key Vault emulator, in this process, on a free loopback port over HTTPS with its own
/// self-signed certificate and a temporary data folder. Clients trust exactly that certificate.
/// </summary>
public sealed class TestKeyVault : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestKeyVault(WebApplication app, string dataPath, Uri vaultUri, X509Certificate2 certificate)
    {
        this.app = app;
        DataPath = dataPath;
        VaultUri = vaultUri;
        Certificate = certificate;
    }

    public string DataPath { get; }

    public Uri VaultUri { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>The emulator's public certificate (PEM), for processes that trust it through <c>SSL_CERT_FILE</c>.</summary>
    public string CertificatePath => Path.Combine(DataPath, "tls", EmulatorCertificate.PublicCertificateFile);

    public static async Task<TestKeyVault> StartAsync()
    {
        var dataPath = Directory.CreateTempSubdirectory("viggotech-kv-").FullName;
        var app = EmulatorHost.Create(
        [
            "--urls", "https://127.0.0.1:0",
            $"--KeyVault:DataPath={dataPath}",
            "--KeyVault:PurgeExpiredDeletedSecrets=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(dataPath, "tls", EmulatorCertificate.PublicCertificateFile)));
        return new TestKeyVault(app, dataPath, new Uri(app.Urls.Single()), certificate);
    }

    /// <summary>Points SDK client options at this emulator: no challenge resource check, a transport that pins its certificate, no retries.</summary>
    public void Configure(SecretClientOptions options)
    {
        options.DisableChallengeResourceVerification = true;
        options.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.RawData.AsSpan().SequenceEqual(Certificate.RawData),
        });
        options.Retry.MaxRetries = 0;
    }

    /// <summary>A client as a test would hold it, to look at the vault from outside the platform code.</summary>
    public SecretClient CreateClient()
    {
        var options = new SecretClientOptions();
        Configure(options);
        return new SecretClient(VaultUri, new EmulatorToken(), options);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
        Directory.Delete(DataPath, recursive: true);
    }
}
