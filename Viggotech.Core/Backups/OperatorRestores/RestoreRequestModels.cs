namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>What an operator asks for. <paramref name="Mode"/> is <c>sandbox</c> or <c>in-place</c>.</summary>
public sealed record RestoreRequestInput(Guid? TenantId, Guid? BackupId, string? Mode, string? Reason, string? Confirmation, string? SandboxOwnerEmail);

/// <summary>A request as the operator pages show it, with the Worker's progress.</summary>
public sealed record RestoreRequestView(
    Guid Id, Guid TenantId, Guid BackupId, string Mode, string Reason, string RequestedBy, DateTimeOffset RequestedAt,
    string Status, string? Stage, int Percent, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    Guid? SandboxTenantId, string? SandboxSlug, long RowsRestored, int DocumentsRestored, DateTimeOffset? OwnerInvitedAt, string? Error, int Attempts)
{
    public static RestoreRequestView From(RestoreRequest r) => new(
        r.Id, r.SourceTenantId, r.BackupId, RestoreRequests.ModeName(r.Mode), r.Reason, r.RequestedBy, r.RequestedAt,
        r.Status.ToString().ToLowerInvariant(), r.Stage, r.Percent, r.StartedAt, r.FinishedAt,
        r.SandboxTenantId, r.SandboxSlug, r.RowsRestored, r.DocumentsRestored, r.OwnerInvitedAt, r.Error, r.Attempts);
}

/// <summary>A tenant with the backups an operator may restore from, newest first.</summary>
public sealed record RestorableTenant(Guid Id, string Name, string Slug, IReadOnlyList<RestorableBackup> Backups);

/// <param name="Verified">The newest restore test of this backup: true passed, false failed, null not tested yet.</param>
public sealed record RestorableBackup(Guid Id, DateTimeOffset CompletedAt, long Bytes, bool? Verified);
