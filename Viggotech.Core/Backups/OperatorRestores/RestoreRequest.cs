using Viggotech.Core.Backups.Records;

namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>
/// An operator's request to restore a tenant from one of its backups, made on the operator pages
/// and carried out by the Worker. A platform row, outside every tenant (like operator alerts): the
/// source tenant is a reference, not ownership, so the operator pages can list all requests. The
/// restore itself is recorded in the tenant's <see cref="BackupRestoreRecord"/> and audit trail.
/// </summary>
public sealed class RestoreRequest
{
    public Guid Id { get; init; }

    public Guid SourceTenantId { get; init; }

    public Guid BackupId { get; init; }

    public RestoreMode Mode { get; init; }

    public required string Reason { get; init; }

    /// <summary>In place only: what the operator typed (the tenant's slug), checked again when the Worker runs it.</summary>
    public string? Confirmation { get; init; }

    /// <summary>Sandbox only: who is invited as the sandbox's first owner. Cleared once the invitation is sent.</summary>
    public string? SandboxOwnerEmail { get; set; }

    /// <summary>The operator's account email, as recorded in both audit trails.</summary>
    public required string RequestedBy { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public RestoreRequestStatus Status { get; set; }

    /// <summary>What the Worker is doing now, in words for the operator page.</summary>
    public string? Stage { get; set; }

    /// <summary>0 to 100, by stage.</summary>
    public int Percent { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>How many times a Worker took it up; an interrupted attempt is resumed until <see cref="MaxAttempts"/>.</summary>
    public int Attempts { get; set; }

    public const int MaxAttempts = 3;

    /// <summary>Moved on at every stage; a running request whose heartbeat stopped was interrupted.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The tenant's restore record (<see cref="BackupRestoreRecord.Id"/>) once the restore began.</summary>
    public Guid? RestoreId { get; set; }

    public Guid? SandboxTenantId { get; set; }

    /// <summary>Chosen before the sandbox is created, so a resumed attempt finds the sandbox an interrupted one created.</summary>
    public string? SandboxSlug { get; set; }

    public long RowsRestored { get; set; }

    public int DocumentsRestored { get; set; }

    public DateTimeOffset? OwnerInvitedAt { get; set; }

    public string? Error { get; set; }
}
