using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;

namespace Viggotech.Core.Alerts;

/// <summary>
/// Raises security alerts for the current tenant: stored for the portal's Alerts page, recorded in the
/// audit trail as <c>security_alert.&lt;kind&gt;</c> and sent to the security administrators.
/// Call it inside the tenant, after the change it reports:
/// <code>await alerts.RaiseAsync(SecurityAlertKinds.AdminRoleGranted, user.Email, new Dictionary&lt;string, string&gt; { ["role"] = "admin" });</code>
/// Inside an open transaction the alert commits with it; otherwise it opens its own.
/// </summary>
public sealed class SecurityAlerts(PlatformDbContext db, IAuditTrail audit, IEnumerable<ISecurityAlertNotifier> notifiers, TimeProvider clock)
{
    /// <summary>Raises the alert; with <paramref name="quietPeriod"/>, not again for the same kind and subject within it (returns null then).</summary>
    /// <exception cref="ArgumentException">The kind is not one of <see cref="SecurityAlertKinds"/>.</exception>
    public async Task<SecurityAlert?> RaiseAsync(
        string kind, string subject, IReadOnlyDictionary<string, string>? details = null, TimeSpan? quietPeriod = null, CancellationToken cancellationToken = default)
    {
        if (!SecurityAlertKinds.Exists(kind))
        {
            throw new ArgumentException($"'{kind}' is not a security alert kind.", nameof(kind));
        }

        var tenantId = db.TenantId ?? throw new InvalidOperationException("Alerts are raised inside a tenant.");
        var now = clock.GetUtcNow();
        subject = subject.Length > 200 ? subject[..200] : subject;
        if (quietPeriod is { } quiet && await db.SecurityAlerts.AnyAsync(a => a.Kind == kind && a.Subject == subject && a.RaisedAt > now - quiet, cancellationToken))
        {
            return null;
        }

        var alert = new SecurityAlert
        {
            Id = Guid.CreateVersion7(), TenantId = tenantId, RaisedAt = now, Kind = kind, Subject = subject,
            Details = JsonSerializer.Serialize(details ?? new Dictionary<string, string>()),
        };

        async Task Store(CancellationToken ct)
        {
            db.SecurityAlerts.Add(alert);
            await db.SaveChangesAsync(ct);
            var auditDetails = new Dictionary<string, string>(details ?? new Dictionary<string, string>()) { ["subject"] = subject };
            await audit.RecordAsync(AuditActions.SecurityAlertPrefix + kind, new AuditTarget("security_alert", alert.Id.ToString()), AuditResult.Success, auditDetails, ct);
        }

        if (db.Database.CurrentTransaction is null)
        {
            await db.InTransactionAsync(Store, cancellationToken);
        }
        else
        {
            await Store(cancellationToken);
        }

        foreach (var notifier in notifiers)
        {
            await notifier.NotifyAsync(alert, cancellationToken);
        }

        return alert;
    }

    /// <summary>The details of <paramref name="alert"/> as stored.</summary>
    public static IReadOnlyDictionary<string, string> DetailsOf(SecurityAlert alert) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(alert.Details) ?? [];
}
