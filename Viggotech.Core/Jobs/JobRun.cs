namespace Viggotech.Core.Jobs;

/// <summary>One run of a recurring job: who ran it, when, and how it ended.</summary>
public sealed class JobRun
{
    public long Id { get; init; }

    public required string JobName { get; init; }

    public required string Holder { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c>, <c>lease-lost</c> or <c>cancelled</c> (shutdown); null while running.</summary>
    public string? Outcome { get; set; }

    public string? Error { get; set; }
}
