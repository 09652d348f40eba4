namespace Viggotech.Core.Audit.Retention;

/// <summary>How long a tenant keeps its audit trail: at least 90 days, one year unless it chooses, at most ten years.</summary>
public static class AuditRetentionPeriod
{
    public const int MinimumDays = 90;

    public const int DefaultDays = 365;

    /// <summary>Ten calendar years, leap days included.</summary>
    public const int MaximumDays = 3653;
}
