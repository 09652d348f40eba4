using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>The certificate clients pin and the protocols a .NET client gets.</summary>
public sealed class PinnedTlsTests(RunningEmulator emulator) : IClassFixture<RunningEmulator>
{
    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls12_and_tls13_succeed_with_the_published_certificate(SslProtocols protocol)
    {
        await using var tls = await HandshakeAsync(protocol);

        Assert.Equal(protocol, tls.SslProtocol);
        Assert.True(emulator.IsEmulatorCertificate(tls.RemoteCertificate));
    }

    [Fact]
    public async Task Os_default_protocols_negotiate_tls13()
    {
        await using var tls = await HandshakeAsync(SslProtocols.None);

        Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
    }

    [Fact]
    public async Task Tls11_fails()
    {
        // On Debian's OpenSSL the client side refuses TLS 1.1 as well; TlsVersionTests proves the
        // emulator refuses it where the client would not.
#pragma warning disable SYSLIB0039 // TLS 1.1 is asked for on purpose, to see it refused.
        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(SslProtocols.Tls11));
#pragma warning restore SYSLIB0039
    }

    [Fact]
    public async Task Certificate_covers_localhost_and_both_loopback_addresses()
    {
        var names = emulator.Certificate.Extensions
            .OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>()
            .Single();

        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1", "::1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        using var http = emulator.CreateHttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync(new UriBuilder(emulator.VaultUri) { Host = "localhost", Path = "/health" }.Uri));
    }

    private async Task<SslStream> HandshakeAsync(SslProtocols protocols)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", emulator.VaultUri.Port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, presented, _, _) => emulator.IsEmulatorCertificate(presented),
            });
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }
    }
}
