namespace Viggotech.Core.Continuity.Status;

/// <summary>One synthetic probe of one platform component.</summary>
public sealed class ProbeResult
{
    public long Id { get; init; }

    public required string Component { get; init; }

    public DateTimeOffset ProbedAt { get; init; }

    public bool Healthy { get; init; }

    public int LatencyMs { get; init; }

    /// <summary>Why a probe failed, in operator words; never a secret or a stack trace.</summary>
    public string? Detail { get; init; }
}
