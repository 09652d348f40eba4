using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Continuity.Replication;

namespace Microsoft.Extensions.Hosting;

public static class ReplicationExtensions
{
    /// <summary>
    /// Registers <see cref="RegionalStorage"/> on <c>ConnectionStrings:storage-a</c> and
    /// <c>ConnectionStrings:storage-b</c>, and <see cref="ReplicationQueue"/> for features that
    /// store blobs which must reach region B.
    /// </summary>
    public static TBuilder AddBlobReplicationQueue<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(_ => new RegionalStorage(
            Client(builder.Configuration, RegionalStorage.RegionAConnectionName),
            Client(builder.Configuration, RegionalStorage.RegionBConnectionName)));
        builder.Services.AddOptions<ReplicationOptions>().BindConfiguration(ReplicationOptions.Section)
            .Validate(o => o.MaxBackoff >= TimeSpan.FromSeconds(1), "Replication:MaxBackoff must be at least one second.");
        builder.Services.TryAddScoped<ReplicationQueue>();
        builder.Services.TryAddScoped<BlobCopier>();
        return builder;
    }

    private static BlobServiceClient Client(IConfiguration configuration, string name)
    {
        var connectionString = configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");
        var options = new BlobClientOptions();
        // A region that is down should fail a copy quickly; the queue retries it later anyway.
        options.Retry.MaxRetries = 1;
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
        return new BlobServiceClient(connectionString, options);
    }
}
