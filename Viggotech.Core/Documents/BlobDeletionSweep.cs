using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Documents;

/// <summary>
/// Deletes the scope's tenant's blobs whose deletion is due: those of deleted documents,
/// abandoned uploads and blobs replaced by re-encryption. Each record is locked while its blobs
/// are deleted and removed in the same transaction, so an upload that finishes meanwhile either
/// claims its record first or sees it gone.
/// </summary>
public sealed class BlobDeletionSweep(PlatformDbContext db, DocumentContainer container, TimeProvider time)
{
    /// <summary>Tenants with due deletions, found across tenants through a function that reveals only their ids.</summary>
    public static async Task<IReadOnlyList<Guid>> TenantsWithDueDeletionsAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<Guid>($"select f.id as \"Value\" from tenants_with_due_blob_deletions() as f(id)").ToListAsync(cancellationToken);

    /// <summary>Deletes everything due now; returns the number of blobs deleted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var store = await container.StoreAsync(cancellationToken);
        var deleted = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var (found, blobs) = await db.InTransactionAsync(async ct =>
            {
                var due = await db.Set<BlobDeletion>()
                    .FromSql($"select * from blob_deletions where not_before <= {now} order by not_before limit 1 for update skip locked")
                    .SingleOrDefaultAsync(ct);
                if (due is null)
                {
                    return (false, 0);
                }

                var count = await store.DeleteAllAsync(due.BlobPrefix, ct);
                db.Remove(due);
                await db.SaveChangesAsync(ct);
                return (true, count);
            }, cancellationToken);
            db.ChangeTracker.Clear();
            if (!found)
            {
                return deleted;
            }

            deleted += blobs;
        }
    }
}
