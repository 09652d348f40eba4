namespace Viggotech.Core.Alerts;

/// <summary>Something an operator must look at (a failed restore test, ...), kept until acknowledged.</summary>
public sealed class OperatorAlert
{
    public long Id { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>What kind of problem, e.g. <see cref="OperatorAlertKinds.BackupVerificationFailed"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The tenant it concerns, if any: a reference for operators, not ownership (alerts are platform rows, outside every tenant).</summary>
    public Guid? ConcernsTenantId { get; init; }

    /// <summary>What it is about, e.g. the backup id.</summary>
    public required string Subject { get; init; }

    public required string Message { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }
}
