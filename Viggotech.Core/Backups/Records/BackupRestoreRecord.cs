using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

/// <summary>An operator's restore of one of the tenant's backups: who, which backup, where to, and how it ended.</summary>
public sealed class BackupRestoreRecord : ITenantOwned
{
    public Guid Id { get; init; }

    /// <summary>The tenant whose backup was restored.</summary>
    public Guid TenantId { get; set; }

    public Guid BackupId { get; init; }

    public RestoreMode Mode { get; init; }

    /// <summary>Where the data went: the tenant itself (in place) or the new sandbox tenant.</summary>
    public Guid? TargetTenantId { get; set; }

    public required string Operator { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    public bool? Succeeded { get; set; }

    public long RowsRestored { get; set; }

    public int DocumentsRestored { get; set; }

    public string? Error { get; set; }
}
