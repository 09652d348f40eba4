using System.Diagnostics;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Recording;

internal sealed class AuditTrail(PlatformDbContext db, ITenantContext tenant, IAuditOriginAccessor origin, TimeProvider time) : IAuditTrail
{
    public Task<ChainedAuditEvent> RecordAsync(
        string action,
        AuditTarget? target = null,
        AuditResult result = AuditResult.Success,
        IReadOnlyDictionary<string, string>? details = null,
        CancellationToken cancellationToken = default)
    {
        var tenantId = RequireTenant();
        var from = origin.Origin;
        var auditEvent = new AuditEvent(
            tenantId.ToString(), time.GetUtcNow(), from.Actor, action, target, result,
            from.Ip, from.UserAgent, from.Session, Activity.Current?.TraceId.ToHexString(), details);
        return AuditAppender.AppendAsync(db, tenantId, auditEvent, cancellationToken);
    }

    public Task<ChainedAuditEvent> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        AuditAppender.AppendAsync(db, RequireTenant(), auditEvent, cancellationToken);

    private Guid RequireTenant() =>
        tenant.TenantId ?? throw new InvalidOperationException("Audit events belong to a tenant: enter the tenant before recording.");
}
