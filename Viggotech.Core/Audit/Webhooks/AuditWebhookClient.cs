using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// The HTTP client that delivers to tenants' webhooks: one long-lived connection pool, no
/// automatic redirects or retries (delivery has its own, recorded ones), and every connection
/// checked against <see cref="WebhookAddressRules"/> after name resolution.
/// </summary>
public sealed class AuditWebhookClient : IDisposable
{
    private readonly HttpClient http;

    public AuditWebhookClient(IOptions<AuditOptions> options)
    {
        var settings = options.Value.Webhooks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, ct) => ConnectAsync(context, settings.AllowPrivateNetworks, ct),
        };
        http = new HttpClient(handler) { Timeout = settings.Timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Viggotech-Audit-Webhook/1");
    }

    public Task<HttpResponseMessage> PostAsync(Uri url, HttpContent content, CancellationToken cancellationToken) =>
        http.PostAsync(url, content, cancellationToken);

    public void Dispose() => http.Dispose();

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivateNetworks || WebhookAddressRules.IsPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} is not a public address; audit webhooks only reach the public internet.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // The checked addresses themselves, not the name again: no second lookup to rebind.
            await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
