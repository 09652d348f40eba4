using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Records;

/// <summary>One backup of one tenant: what was asked for, how far it got, and where it is.</summary>
public sealed class BackupRecord : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public BackupTrigger Trigger { get; init; }

    public BackupStatus Status { get; set; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Moved on while the backup writes; a running backup whose heartbeat stopped was interrupted.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The KEK version the backup key is wrapped under: kept enabled in Key Vault while the backup exists.</summary>
    public string? KekVersion { get; set; }

    /// <summary>The last EF Core migration of the schema the backup was taken from.</summary>
    public string? SchemaVersion { get; set; }

    public int PartsTotal { get; set; }

    public int PartsDone { get; set; }

    public long RowsWritten { get; set; }

    public int DocumentsTotal { get; set; }

    public int DocumentsDone { get; set; }

    /// <summary>Stored (compressed, encrypted) bytes written so far; the backup's size once completed.</summary>
    public long BytesWritten { get; set; }

    /// <summary>SHA-256 (hex) of every part in manifest order, as the signed manifest states it.</summary>
    public string? Sha256 { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}
