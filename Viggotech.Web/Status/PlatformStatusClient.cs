using System.Net.Http.Json;

namespace Viggotech.Web.Status;

/// <summary>Reads the platform status from the Api (<c>GET /status</c>); the portal has no database of its own.</summary>
public sealed class PlatformStatusClient(HttpClient http)
{
    public async Task<PlatformStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("/status", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new PlatformStatusUnavailableException((int)response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<PlatformStatus>(cancellationToken)
            ?? throw new PlatformStatusUnavailableException((int)response.StatusCode);
    }
}

public sealed class PlatformStatusUnavailableException(int statusCode)
    : Exception($"The Api answered {statusCode} for the platform status.");

public sealed record PlatformStatus(
    string Overall,
    string Month,
    double TargetPercent,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ComponentStatus> Components);

public sealed record ComponentStatus(
    string Id,
    string Name,
    string State,
    double? AvailabilityPercent,
    bool MeetsTarget,
    DateTimeOffset? LastCheckedAt);
