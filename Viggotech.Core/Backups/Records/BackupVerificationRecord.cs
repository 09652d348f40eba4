using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

/// <summary>One restore test of a backup into the scratch database, and what it found.</summary>
public sealed class BackupVerificationRecord : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public Guid BackupId { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; set; }

    public bool Succeeded { get; set; }

    public int TablesChecked { get; set; }

    public long RowsChecked { get; set; }

    public int DocumentsChecked { get; set; }

    /// <summary>Why it failed, for the operator alert and the tenant's portal; never data from the backup.</summary>
    public string? Problem { get; set; }
}
