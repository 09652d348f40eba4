using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Replication;

public static class BlobReplicationExtensions
{
    public static TBuilder AddBlobReplication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBlobReplicationQueue();
        builder.Services.AddRecurringJob<BlobReplicationJob>(BlobReplicationJob.Name, TimeSpan.FromSeconds(15));
        return builder;
    }
}
