using System.Net;
using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>
/// Key Vault answers its secrets API. The probe sends no token: a 401 challenge proves the service
/// is up and serving without the probe holding any right to read a key.
/// </summary>
internal sealed class KeyVaultProbe(Uri? vault, IHttpClientFactory clients) : IStatusProbe
{
    public StatusComponent Component => StatusComponent.KeyVault;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (vault is null)
        {
            throw new ProbeFailedException("no key vault is configured (ConnectionStrings:keyvault)");
        }

        using var client = clients.CreateClient(StatusProbesJob.HttpClientName);
        using var response = await client.GetAsync(new Uri(vault, "secrets?api-version=7.4"), cancellationToken);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized
            ? null
            : throw new ProbeFailedException($"the secrets API answered {(int)response.StatusCode}");
    }
}
