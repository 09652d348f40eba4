using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

/// <summary>A tenant's retention, when it differs from the default of 35 daily and 12 monthly backups.</summary>
public sealed class BackupPolicy : ITenantOwned
{
    public const int DefaultDaily = 35;
    public const int DefaultMonthly = 12;

    public Guid TenantId { get; set; }

    /// <summary>The newest backup of each of this many most recent days is kept.</summary>
    public int DailyBackups { get; set; } = DefaultDaily;

    /// <summary>The newest backup of each of this many most recent months is kept as well.</summary>
    public int MonthlyBackups { get; set; } = DefaultMonthly;

    public DateTimeOffset UpdatedAt { get; set; }
}
