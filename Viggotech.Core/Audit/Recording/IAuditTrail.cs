namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// Records audit events in the current tenant's chain, inside the transaction of the change they
/// describe, so the change and its event commit together or not at all:
/// <code>
/// await db.InTransactionAsync(async ct =>
/// {
///     role.Permissions.Add(permission);
///     await db.SaveChangesAsync(ct);
///     await audit.RecordAsync(AuditActions.RoleChange, new AuditTarget("role", role.Id.ToString()), cancellationToken: ct);
/// });
/// </code>
/// An event without a change (a read, a refused request) still needs a transaction:
/// <c>await db.InTransactionAsync(ct => audit.RecordAsync(..., cancellationToken: ct));</c>.
/// Record last, just before commit: the tenant's chain head stays locked until the transaction
/// ends, so appends within a tenant wait for each other.
/// </summary>
public interface IAuditTrail
{
    /// <summary>
    /// Records an action of the current actor (from <see cref="IAuditOriginAccessor"/>: the signed-in
    /// user or app, their IP, user agent and session) at the current time, with the current trace id.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transaction is open on the platform context, or the scope has no tenant.</exception>
    Task<ChainedAuditEvent> RecordAsync(
        string action,
        AuditTarget? target = null,
        AuditResult result = AuditResult.Success,
        IReadOnlyDictionary<string, string>? details = null,
        CancellationToken cancellationToken = default);

    /// <summary>Records a fully specified event; its tenant must be the scope's tenant.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open on the platform context, or the scope has no tenant.</exception>
    /// <exception cref="ArgumentException">The event names another tenant or breaks the format's rules (action spelling, sizes).</exception>
    Task<ChainedAuditEvent> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
