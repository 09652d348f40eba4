using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.ServiceDefaults.Transport;

namespace Microsoft.Extensions.Hosting;

public static class TlsExtensions
{
    /// <summary>The only TLS versions a Viggotech HTTPS endpoint negotiates.</summary>
    public const SslProtocols AllowedProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// Every HTTPS endpoint Kestrel opens (from code, <c>ASPNETCORE_URLS</c> or <c>Kestrel:Endpoints</c>)
    /// accepts TLS 1.2 and 1.3 only, whatever the machine's OpenSSL would otherwise allow, and
    /// sends full-size TLS records (see <see cref="TlsRecordMemoryPool"/>).
    /// </summary>
    public static TBuilder UseModernTls<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = AllowedProtocols));
        // Registered after the web host's own default, so Kestrel resolves this one.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, TlsRecordMemoryPoolFactory>();
        return builder;
    }
}
