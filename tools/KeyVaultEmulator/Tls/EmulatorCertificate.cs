using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Viggotech.KeyVaultEmulator.Storage;

namespace Viggotech.KeyVaultEmulator.Tls;

/// <summary>
/// The emulator's own self-signed server certificate for <c>localhost</c>, <c>127.0.0.1</c> and
/// <c>::1</c>, created on first start and reused afterwards so that clients can pin it. Clients
/// trust it by comparing the presented certificate with <c>server.crt</c>; it is never added to a
/// trust store, so it cannot vouch for anything else.
/// </summary>
public static class EmulatorCertificate
{
    public const string PfxFile = "server.pfx";
    public const string PasswordFile = "server.pfx.password";
    public const string PublicCertificateFile = "server.crt";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A certificate this close to expiry is replaced at start-up rather than reused.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public static X509Certificate2 LoadOrCreate(string folder, TimeProvider time)
    {
        DataFolder.CreateOwnerOnly(folder);
        var pfx = Path.Combine(folder, PfxFile);
        var password = Path.Combine(folder, PasswordFile);
        var crt = Path.Combine(folder, PublicCertificateFile);

        if (File.Exists(pfx) && File.Exists(password))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfx, File.ReadAllText(password).Trim());
            if (existing.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > RenewBefore)
            {
                PublishPublicPart(existing, crt);
                return existing;
            }

            existing.Dispose();
        }

        return Create(pfx, password, crt, time.GetUtcNow());
    }

    private static X509Certificate2 Create(string pfx, string passwordFile, string crt, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([Oid.FromOidValue("1.3.6.1.5.5.7.3.1", OidGroup.EnhancedKeyUsage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var pkcs12 = created.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);

        // The password is written first: a crash in between leaves a password without a pfx,
        // which the next start treats as "no certificate" and replaces.
        AtomicFile.Write(passwordFile, Encoding.UTF8.GetBytes(password));
        AtomicFile.Write(pfx, pkcs12);
        var certificate = X509CertificateLoader.LoadPkcs12(pkcs12, password);
        PublishPublicPart(certificate, crt);
        return certificate;
    }

    /// <summary>Writes the public certificate (PEM) that clients pin, unless it is already there.</summary>
    private static void PublishPublicPart(X509Certificate2 certificate, string crt)
    {
        var pem = certificate.ExportCertificatePem() + "\n";
        if (File.Exists(crt) && File.ReadAllText(crt) == pem)
        {
            return;
        }

        AtomicFile.Write(crt, Encoding.UTF8.GetBytes(pem), ownerOnly: false);
    }
}
