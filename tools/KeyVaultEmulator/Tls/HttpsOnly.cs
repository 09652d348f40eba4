using System.Security.Authentication;
using Viggotech.KeyVaultEmulator.Storage;

namespace Viggotech.KeyVaultEmulator.Tls;

/// <summary>
/// Kestrel set up the way the emulator is served: HTTPS on every endpoint, TLS 1.2 and 1.3 only,
/// with the configured certificate or else the emulator's own.
/// </summary>
public static class HttpsOnly
{
    /// <summary>Where the emulator listens when neither ASPNETCORE_URLS nor --urls says otherwise.</summary>
    public const string DefaultUrl = "https://127.0.0.1:7300";

    public static WebApplicationBuilder UseHttpsOnly(this WebApplicationBuilder builder, DataFolder data)
    {
        var configuration = builder.Configuration;
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]);
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var plain = urls.Concat(endpoints)
            .Where(url => url is not null && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (plain.Count > 0 || !string.IsNullOrEmpty(configuration["http_ports"]))
        {
            throw new InvalidOperationException(
                $"The Key Vault emulator serves HTTPS only; remove the plain endpoints ({string.Join(", ", plain.DefaultIfEmpty("http_ports"))}).");
        }

        if (urls.Length == 0 && !endpoints.Any() && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var certificate = configuration.GetSection("Kestrel:Certificates:Default").Exists()
            ? null
            : EmulatorCertificate.LoadOrCreate(data.Tls, TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            if (certificate is not null)
            {
                https.ServerCertificate = certificate;
            }
        }));
        return builder;
    }
}
