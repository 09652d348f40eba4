using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Documents;

/// <summary>Deletes the blobs of deleted documents, abandoned uploads and replaced (re-encrypted) content once they are due.</summary>
internal sealed partial class BlobDeletionJob(PlatformDbContext db, IServiceScopeFactory scopes, ILogger<BlobDeletionJob> logger) : IRecurringJob
{
    public const string Name = "blob-deletions";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var tenantId in await BlobDeletionSweep.TenantsWithDueDeletionsAsync(db, cancellationToken))
        {
            try
            {
                await using var scope = scopes.CreateTenantScope(tenantId);
                var deleted = await scope.ServiceProvider.GetRequiredService<BlobDeletionSweep>().RunAsync(cancellationToken);
                LogDeleted(logger, tenantId, deleted);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, e, tenantId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting blobs of tenant {TenantId} failed; the next run retries")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} blobs of tenant {TenantId}")]
    private static partial void LogDeleted(ILogger logger, Guid tenantId, int count);
}
