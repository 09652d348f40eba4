namespace Viggotech.Core.Continuity.Replication;

/// <summary>A blob in region A waiting to be (or already) copied to region B.</summary>
public sealed class BlobCopy
{
    public long Id { get; init; }

    public required string Container { get; init; }

    public required string BlobName { get; init; }

    /// <summary><c>pending</c> until region B holds the blob, then <c>copied</c>; <c>gone</c> when the source was deleted before it could be copied.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset EnqueuedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? LastError { get; set; }
}
