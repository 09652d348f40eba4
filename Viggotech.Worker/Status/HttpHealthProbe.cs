using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>A service's <c>/health</c> endpoint answers 200: it and everything it depends on work.</summary>
internal sealed class HttpHealthProbe(StatusComponent component, Uri url, IHttpClientFactory clients) : IStatusProbe
{
    public StatusComponent Component => component;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = clients.CreateClient(StatusProbesJob.HttpClientName);
        using var response = await client.GetAsync(url, cancellationToken);
        return response.IsSuccessStatusCode ? null : throw new ProbeFailedException($"health endpoint answered {(int)response.StatusCode}");
    }
}
