using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace Viggotech.Web.Workspace;

/// <summary>
/// Streams document bytes to and from the Api as the signed-in user. A client of its own: the
/// default resilience pipeline's timeouts and retries suit small JSON calls, not a 100 MB body
/// that cannot be replayed.
/// </summary>
public sealed class DocumentTransferClient(HttpClient http, IHttpContextAccessor accessor)
{
    /// <summary>Sends <paramref name="content"/> as it is read and returns once the Api's headers arrive; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("No request.");
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await context.GetTokenAsync("access_token"));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
