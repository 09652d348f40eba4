namespace Viggotech.Core.Backups.Restore;

/// <param name="TenantId">The tenant whose backup is restored; it is left exactly as it is.</param>
/// <param name="Operator">Who restores (the operator's name or id), recorded with the restore and in both tenants' audit trails.</param>
/// <param name="Reason">Why, in the operator's words (a ticket number, say).</param>
/// <param name="SandboxSlug">
/// The sandbox's slug, chosen and stored by the caller before the restore, so that a later attempt
/// of the same request finds the sandbox an interrupted attempt created; null picks a new one.
/// </param>
public sealed record SandboxRestoreRequest(Guid TenantId, Guid BackupId, string Operator, string Reason, string? SandboxSlug = null);

/// <summary>How a sandbox restore ended; <paramref name="SandboxTenantId"/> is set once the sandbox tenant exists, even if filling it failed.</summary>
public sealed record SandboxRestoreResult(Guid RestoreId, bool Succeeded, Guid? SandboxTenantId, string? SandboxSlug, long RowsRestored, int DocumentsRestored, string? Error);
