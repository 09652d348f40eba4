using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Continuity.Status;
using Viggotech.Core.Data;

namespace Viggotech.Worker.Status;

/// <summary>The probes of every component except the database, whose probe is writing the results themselves.</summary>
internal sealed class StatusProbeSet(IConfiguration configuration, IHttpClientFactory clients, RegionalStorage storage) : IAsyncDisposable
{
    private readonly RedisProbe redis = new(configuration.GetConnectionString("redis"));

    public IReadOnlyList<IStatusProbe> All =>
    [
        new HttpHealthProbe(StatusComponent.Portal, new Uri(configuration["Status:Probes:Portal"] ?? "https+http://web/health"), clients),
        new HttpHealthProbe(StatusComponent.Api, new Uri(configuration["Status:Probes:Api"] ?? "https+http://api/health"), clients),
        new ReplicaLagProbe(configuration.GetConnectionString(PlatformDatabase.AppConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{PlatformDatabase.AppConnectionName} is not configured.")),
        redis,
        new StorageProbe(StatusComponent.StorageRegionA, storage.RegionA),
        new StorageProbe(StatusComponent.StorageRegionB, storage.RegionB),
        new KeyVaultProbe(configuration.GetConnectionString("keyvault") is { Length: > 0 } vault ? new Uri(vault.TrimEnd('/') + "/") : null, clients),
    ];

    public ValueTask DisposeAsync() => redis.DisposeAsync();
}
