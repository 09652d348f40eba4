using System.Net.Sockets;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Replication;

/// <summary>
/// Works through the replication queue: each due copy is claimed, copied server-side from region A
/// to region B (region B's service reads the source through a short-lived read-only SAS), and
/// marked copied; a failure (region B unreachable, throttled) pushes the next attempt out with
/// exponential backoff, so the queue catches up by itself once region B is back.
/// </summary>
public sealed partial class BlobCopier(PlatformDbContext db, RegionalStorage storage, IOptions<ReplicationOptions> options, ILogger<BlobCopier> logger)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>Copies up to <paramref name="batchSize"/> due blobs; returns how many reached region B and how many failed.</summary>
    public async Task<(int Copied, int Failed)> CopyDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var due = await ClaimDueAsync(batchSize, cancellationToken);
        var copied = 0;
        var failed = 0;
        foreach (var copy in due)
        {
            try
            {
                var status = await CopyAsync(copy, cancellationToken);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE platform.blob_copies
                    SET status = {status}, attempts = attempts + 1, completed_at = clock_timestamp(), last_error = NULL
                    WHERE id = {copy.Id}
                    """, cancellationToken);
                copied += status == BlobCopyStatus.Copied ? 1 : 0;
            }
            // SocketException too: a connection region B accepts and resets at once escapes HttpClient
            // unwrapped, and letting it end the batch would strand the rest of the claimed copies.
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or IOException or TimeoutException or SocketException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failed++;
                var retryIn = Backoff(copy.Attempts + 1, options.Value.MaxBackoff);
                var error = Describe(e);
                LogCopyFailed(logger, copy.Container, copy.BlobName, copy.Attempts + 1, retryIn.TotalSeconds, error);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE platform.blob_copies
                    SET attempts = attempts + 1, next_attempt_at = clock_timestamp() + {retryIn}, last_error = {error}
                    WHERE id = {copy.Id}
                    """, CancellationToken.None);
            }
        }

        return (copied, failed);
    }

    /// <summary>2, 4, 8 ... seconds, at most five minutes.</summary>
    public static TimeSpan Backoff(int attempts) => Backoff(attempts, new ReplicationOptions().MaxBackoff);

    /// <summary>2, 4, 8 ... seconds, at most <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, Math.Clamp(attempts, 1, 20))));

    // Claiming moves the row's next attempt past the copy's duration, so a second runner (or a
    // run after a crash mid-copy) skips it until then; SKIP LOCKED keeps concurrent claims apart.
    private Task<List<BlobCopy>> ClaimDueAsync(int batchSize, CancellationToken cancellationToken) =>
        db.BlobCopies.FromSql($"""
            UPDATE platform.blob_copies SET next_attempt_at = clock_timestamp() + {ClaimFor}
            WHERE id IN (
                SELECT id FROM platform.blob_copies
                WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
                ORDER BY next_attempt_at
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    private async Task<string> CopyAsync(BlobCopy copy, CancellationToken cancellationToken)
    {
        var source = storage.RegionA.GetBlobContainerClient(copy.Container).GetBlobClient(copy.BlobName);
        if (!await source.ExistsAsync(cancellationToken))
        {
            return BlobCopyStatus.Gone;
        }

        var targetContainer = storage.RegionB.GetBlobContainerClient(copy.Container);
        await targetContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var readable = source.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(30));
        var operation = await targetContainer.GetBlobClient(copy.BlobName).StartCopyFromUriAsync(readable, cancellationToken: cancellationToken);
        await operation.WaitForCompletionAsync(cancellationToken);
        var properties = await targetContainer.GetBlobClient(copy.BlobName).GetPropertiesAsync(cancellationToken: cancellationToken);
        if (properties.Value.CopyStatus is CopyStatus.Failed or CopyStatus.Aborted)
        {
            throw new IOException($"server-side copy ended {properties.Value.CopyStatus}: {properties.Value.CopyStatusDescription}");
        }

        return BlobCopyStatus.Copied;
    }

    // Operator-readable and bounded; the SDK already keeps signatures out of its messages.
    private static string Describe(Exception e)
    {
        var message = e is RequestFailedException failed ? $"HTTP {failed.Status} {failed.ErrorCode}" : e.Message.ReplaceLineEndings(" ");
        var text = $"{e.GetType().Name}: {message}";
        return text.Length <= 500 ? text : text[..500];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy of {Container}/{Blob} to region B failed (attempt {Attempt}); retrying in {RetrySeconds} s: {Error}")]
    private static partial void LogCopyFailed(ILogger logger, string container, string blob, int attempt, double retrySeconds, string error);
}
