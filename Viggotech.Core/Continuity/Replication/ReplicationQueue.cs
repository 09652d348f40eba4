using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Replication;

/// <summary>
/// Where features ask for a region A blob to be copied to region B (documents, backups). The copy
/// happens in the Worker's <c>blob-replication</c> job, retried with backoff until region B has it.
/// </summary>
public sealed class ReplicationQueue(PlatformDbContext db)
{
    /// <summary>
    /// Records that <paramref name="blobName"/> in <paramref name="container"/> must reach region B.
    /// Idempotent: a blob already waiting is not queued twice. Call it in the same transaction as
    /// the write that made the blob matter, so a committed change is never left unreplicated.
    /// </summary>
    public Task EnqueueAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO platform.blob_copies (container, blob_name, status, attempts)
            VALUES ({container}, {blobName}, 'pending', 0)
            ON CONFLICT (container, blob_name) WHERE status = 'pending' DO NOTHING
            """, cancellationToken);
    }

    /// <summary>
    /// <see cref="EnqueueAsync(string, string, CancellationToken)"/> for several blobs of one
    /// container in one statement (a backup's parts and manifest), queued in the order given.
    /// </summary>
    public Task EnqueueAsync(string container, IReadOnlyList<string> blobNames, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        if (blobNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A blob name is empty.", nameof(blobNames));
        }

        var names = blobNames.ToArray();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO platform.blob_copies (container, blob_name, status, attempts)
            SELECT {container}, name, 'pending', 0 FROM unnest({names}) WITH ORDINALITY AS blob(name, position) ORDER BY position
            ON CONFLICT (container, blob_name) WHERE status = 'pending' DO NOTHING
            """, cancellationToken);
    }

    /// <summary>Copies still waiting (for operators and the status page).</summary>
    public Task<int> PendingCountAsync(CancellationToken cancellationToken = default) =>
        db.BlobCopies.CountAsync(copy => copy.Status == BlobCopyStatus.Pending, cancellationToken);
}
