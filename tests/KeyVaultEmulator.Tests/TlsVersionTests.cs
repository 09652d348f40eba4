using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;
using Viggotech.KeyVaultEmulator.Tls;
using Viggotech.Testing.Tls;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>
/// TLS versions as seen on the wire from the <c>openssl</c> client, with an emulator process
/// whose OpenSSL would allow TLS 1.0 and 1.1: whatever is refused here is refused by the
/// emulator's own settings, not by the machine's defaults.
/// </summary>
public sealed class TlsVersionTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("kv-emulator-tls-").FullName;
    private OpenSsl openSsl = null!;
    private EmulatorProcess emulator = null!;

    public async Task InitializeAsync()
    {
        openSsl = new OpenSsl(folder);
        emulator = await EmulatorProcess.StartAsync(folder, openSsl.Environment);
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Tls11_handshake_is_refused()
    {
        await Tls11_is_possible_on_this_machine();

        var handshake = await openSsl.ConnectAsync(emulator.VaultUri.Port, "-tls1_1");

        Assert.False(handshake.Succeeded, handshake.Output);
        Assert.Contains("alert protocol version", handshake.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_2", "TLSv1.2")]
    [InlineData("-tls1_3", "TLSv1.3")]
    public async Task Tls12_and_tls13_handshakes_succeed(string versionFlag, string protocol)
    {
        var handshake = await openSsl.ConnectAsync(emulator.VaultUri.Port, versionFlag);

        Assert.True(handshake.Succeeded, handshake.Output);
        Assert.Contains($"New, {protocol}", handshake.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The control: the same client completes a TLS 1.1 handshake with a server that allows it,
    /// using the emulator's own certificate and key. Without it a refusal could be the client's.
    /// </summary>
    private async Task Tls11_is_possible_on_this_machine()
    {
        var tls = Path.Combine(folder, "tls");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            Path.Combine(tls, EmulatorCertificate.PfxFile),
            (await File.ReadAllTextAsync(Path.Combine(tls, EmulatorCertificate.PasswordFile))).Trim());
        var keyPath = Path.Combine(folder, "control-key.pem");
        await File.WriteAllTextAsync(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var port = FreePort();
        using var server = await openSsl.ServeAsync(port, Path.Combine(tls, EmulatorCertificate.PublicCertificateFile), keyPath, "-tls1_1");
        try
        {
            var handshake = await openSsl.ConnectAsync(port, "-tls1_1");
            Assert.True(handshake.Succeeded, "openssl cannot speak TLS 1.1 here, so this test proves nothing:\n" + handshake.Output);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }
        }
    }

    private static int FreePort() => Viggotech.Testing.Platform.FreePorts.Take(1)[0];
}
