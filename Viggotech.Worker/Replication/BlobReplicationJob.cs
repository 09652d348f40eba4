using Viggotech.Core.Continuity.Replication;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Replication;

/// <summary>Drains the replication queue: every due copy is attempted, batch by batch, until none is due.</summary>
internal sealed class BlobReplicationJob(BlobCopier copier) : IRecurringJob
{
    public const string Name = "blob-replication";
    private const int BatchSize = 50;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (copied, failed) = await copier.CopyDueAsync(BatchSize, cancellationToken);
            // A batch that was all failures means region B is down: wait for the backoff instead of hammering it.
            if (copied + failed < BatchSize || copied == 0)
            {
                return;
            }
        }
    }
}
