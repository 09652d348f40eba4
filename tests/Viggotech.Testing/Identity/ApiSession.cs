using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Viggotech.Testing.Identity;

/// <summary>
/// A browser-like client of the Api's pages over HTTPS: keeps cookies, follows no redirects on
/// its own, trusts only the local CA, and connects from its own loopback address (127.0.0.x) so
/// per-address rate limits of one test never touch another.
/// </summary>
public sealed partial class ApiSession : IDisposable
{
    private static int nextAddress = System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 50_000);

    public ApiSession(Uri apiHttps, string caCertificatePath)
    {
        BaseAddress = apiHttps;
        var n = Interlocked.Increment(ref nextAddress);
        SourceAddress = IPAddress.Parse($"127.0.{(n / 250 % 250) + 1}.{(n % 250) + 2}");
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caCertificatePath));
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = Cookies,
            UseCookies = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(SourceAddress, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Http = new HttpClient(handler) { BaseAddress = apiHttps };
    }

    public Uri BaseAddress { get; }

    public IPAddress SourceAddress { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>GETs a page and returns its HTML and antiforgery token.</summary>
    public async Task<(HttpResponseMessage Response, string Html, string? Token)> GetPageAsync(string pathAndQuery)
    {
        var response = await Http.GetAsync(pathAndQuery);
        var html = await response.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
        return (response, html, token);
    }

    /// <summary>Fetches the form at <paramref name="path"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/> (default: the same path).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, IDictionary<string, string> fields, string? action = null)
    {
        var (_, _, token) = await GetPageAsync(path);
        var form = new Dictionary<string, string>(fields);
        if (token is not null)
        {
            form["__RequestVerificationToken"] = token;
        }

        return await Http.PostAsync(action ?? path, new FormUrlEncodedContent(form));
    }

    /// <summary>Follows redirects that stay on the Api, returning the first response that is not one (or leaves the Api).</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            var location = new Uri(BaseAddress, response.Headers.Location!);
            if (location.Authority != BaseAddress.Authority)
            {
                return response;
            }

            response = await Http.GetAsync(location);
        }

        return response;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
