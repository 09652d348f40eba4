using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Viggotech.AppHost.Local;

/// <summary>
/// A certificate authority that exists only on this machine, under <c>.local/pki</c>. It issues the
/// TLS certificate every local server presents (Key Vault emulator, Postgres, Api, Web), so clients
/// verify the server certificate against a real chain instead of switching validation off.
/// </summary>
public sealed class LocalCertificateAuthority
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private LocalCertificateAuthority(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaCertificatePath => Path.Combine(Directory, "ca.crt");
    public string ServerCertificatePath => Path.Combine(Directory, "server.crt");
    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    /// <summary>System roots plus the local CA, for processes that read <c>SSL_CERT_FILE</c>.</summary>
    public string TrustBundlePath => Path.Combine(Directory, "trust-bundle.pem");

    public static LocalCertificateAuthority Ensure(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var authority = new LocalCertificateAuthority(directory);
        authority.EnsureFiles();
        return authority;
    }

    private void EnsureFiles()
    {
        var caKeyPath = Path.Combine(Directory, "ca.key");
        if (!File.Exists(CaCertificatePath) || !File.Exists(caKeyPath) || ExpiresSoon(CaCertificatePath))
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Viggotech Local CA, O=Viggotech", caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5));
            WritePrivate(caKeyPath, caKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(CaCertificatePath, ca.ExportCertificatePem());
            File.Delete(ServerCertificatePath);
        }

        if (!File.Exists(ServerCertificatePath) || !File.Exists(ServerKeyPath) || ExpiresSoon(ServerCertificatePath))
        {
            using var caCertificate = X509Certificate2.CreateFromPemFile(CaCertificatePath, caKeyPath);
            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost, O=Viggotech", serverKey, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCertificate, true, false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using var server = request.Create(caCertificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(397), serial);
            WritePrivate(ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(ServerCertificatePath, server.ExportCertificatePem());
        }

        var systemBundle = "/etc/ssl/certs/ca-certificates.crt";
        var bundle = (File.Exists(systemBundle) ? File.ReadAllText(systemBundle) : "") + "\n" + File.ReadAllText(CaCertificatePath);
        File.WriteAllText(TrustBundlePath, bundle);
    }

    private static bool ExpiresSoon(string certificatePath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow < RenewBefore;
    }

    private static void WritePrivate(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
