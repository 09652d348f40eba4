using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// Puts the key operations and integrity failures reported by encryption at rest into the
/// tenant's audit trail (and, as before, the log). Key operations report after their own
/// transaction committed, so each event is recorded in a transaction of its own, attributed to
/// whoever caused it (the request's user, or the platform for the Worker's jobs).
/// </summary>
internal sealed partial class AuditKeyEventSink(IServiceScopeFactory scopes, LoggingKeyEventSink log, ILogger<AuditKeyEventSink> logger) : IKeyEventSink
{
    public async ValueTask RecordAsync(KeyEvent keyEvent, CancellationToken cancellationToken = default)
    {
        await log.RecordAsync(keyEvent, cancellationToken);
        try
        {
            await using var scope = scopes.CreateTenantScope(keyEvent.TenantId);
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            var origin = scope.ServiceProvider.GetRequiredService<IAuditOriginAccessor>().Origin;
            var (action, result) = Action(keyEvent.Kind);
            var auditEvent = new AuditEvent(keyEvent.TenantId.ToString(), keyEvent.At, origin.Actor, action,
                new AuditTarget("tenant_keys", keyEvent.TenantId.ToString()), result,
                origin.Ip, origin.UserAgent, origin.Session, Activity.Current?.TraceId.ToHexString(), Details(keyEvent));
            await db.InTransactionAsync(async ct =>
            {
                // A failure found while reading may happen inside a transaction that already holds
                // this tenant's chain head; waiting for it would wait for ourselves.
                await db.Database.ExecuteSqlRawAsync("set local lock_timeout = '5s'", ct);
                await audit.RecordAsync(auditEvent, ct);
            }, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The operation itself already happened; failing it now would misreport it. The log has it.
            LogNotRecorded(logger, e, keyEvent.Kind, keyEvent.TenantId);
        }
    }

    private static (string Action, AuditResult Result) Action(KeyEventKind kind) => kind switch
    {
        KeyEventKind.TenantKeysCreated => (AuditActions.KeyCreate, AuditResult.Success),
        KeyEventKind.KeyEncryptionKeyRotated => (AuditActions.KeyEncryptionKeyRotate, AuditResult.Success),
        KeyEventKind.KeyEncryptionKeyVersionDisabled => (AuditActions.KeyEncryptionKeyDisable, AuditResult.Success),
        KeyEventKind.DataKeyRotated => (AuditActions.DataKeyRotate, AuditResult.Success),
        KeyEventKind.ReencryptionCompleted => (AuditActions.DataKeyReencryptionComplete, AuditResult.Success),
        KeyEventKind.ReencryptionBlocked => (AuditActions.DataKeyReencryptionBlock, AuditResult.Failure),
        KeyEventKind.DataKeyRetired => (AuditActions.DataKeyRetire, AuditResult.Success),
        KeyEventKind.TenantKeyDestroyed => (AuditActions.KeyDestroy, AuditResult.Success),
        KeyEventKind.IntegrityFailure => (AuditActions.DataIntegrityFailure, AuditResult.Failure),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a key event this trail knows."),
    };

    private static Dictionary<string, string> Details(KeyEvent keyEvent)
    {
        var details = new Dictionary<string, string>();
        if (keyEvent.DataKeyVersion is { } version)
        {
            details["dataKeyVersion"] = version.ToString(CultureInfo.InvariantCulture);
        }
        if (keyEvent.KekVersion is { } kekVersion)
        {
            details["kekVersion"] = kekVersion;
        }
        if (keyEvent.Detail is { } detail)
        {
            details["detail"] = detail.Length <= AuditEventRules.MaxTextLength ? detail : detail[..AuditEventRules.MaxTextLength];
        }
        return details;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Key event {Kind} of tenant {TenantId} could not be recorded in its audit trail")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, KeyEventKind kind, Guid tenantId);
}
