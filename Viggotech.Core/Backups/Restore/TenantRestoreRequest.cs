namespace Viggotech.Core.Backups.Restore;

/// <param name="Operator">Who restores (the signed-in operator's name or id), recorded with the restore and in the audit trail.</param>
/// <param name="Reason">Why, in the operator's words (a ticket number, say).</param>
/// <param name="Confirmation">Must be <see cref="TenantRestore.ConfirmationFor"/> of the tenant: typed by the operator, not defaulted.</param>
public sealed record TenantRestoreRequest(Guid TenantId, Guid BackupId, string Operator, string Reason, string Confirmation);

/// <summary>How an operator restore ended.</summary>
public sealed record TenantRestoreResult(Guid RestoreId, bool Succeeded, long RowsRestored, int DocumentsRestored, string? Error);
