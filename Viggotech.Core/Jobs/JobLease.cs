namespace Viggotech.Core.Jobs;

/// <summary>
/// Which Worker instance holds a recurring job, until when, and when the job is next due. The
/// holder alone may run the job; a holder that stops renewing loses the lease when it expires.
/// </summary>
public sealed class JobLease
{
    public required string JobName { get; init; }

    public required string Holder { get; set; }

    public DateTimeOffset LeaseExpiresAt { get; set; }

    public DateTimeOffset NextRunAt { get; set; }

    public DateTimeOffset? LastStartedAt { get; set; }
}
