using System.Globalization;
using Microsoft.Extensions.Options;
using Viggotech.Core.Data;
using Viggotech.Core.Mail;

namespace Viggotech.Core.Alerts;

/// <summary>
/// Mails each operator alert to the operators' address through the platform's mail outbox
/// (<see cref="DurableMailOutbox"/>): queued in the alert's own transaction, sent by the Worker's
/// <c>mail-outbox</c> job, retried while the SMTP server is down. The mail says what failed, for
/// which tenant and backup, and where to look; it carries no tenant data.
/// </summary>
public sealed class OperatorAlertMail(IOptions<OperatorAlertMailOptions> options) : IOperatorAlertNotifier
{
    public const string SubjectPrefix = "[Viggotech operators]";

    public static IReadOnlyDictionary<string, string> Titles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OperatorAlertKinds.BackupVerificationFailed] = "Restore test failed",
        [OperatorAlertKinds.BackupFailed] = "Backup failed",
    };

    public Task NotifyAsync(PlatformDbContext db, OperatorAlertNotice alert, CancellationToken cancellationToken)
    {
        var to = options.Value.AlertEmail;
        return string.IsNullOrWhiteSpace(to) ? Task.CompletedTask : DurableMailOutbox.AddAsync(db, Compose(to, options.Value.From, alert), cancellationToken);
    }

    public static OutgoingMail Compose(string to, string? from, OperatorAlertNotice alert)
    {
        var title = Titles.GetValueOrDefault(alert.Kind, alert.Kind);
        var tenant = alert.TenantId is { } id ? id.ToString("D") : "none";
        return new OutgoingMail(to, $"{SubjectPrefix} {title}: tenant {tenant}, {alert.Subject}", $"""
            {title}.

            Tenant: {tenant}
            Concerns: {alert.Subject}
            Raised: {alert.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC
            Kind: {alert.Kind}

            {alert.Message}

            The alert stays open in platform.operator_alerts until an operator acknowledges it.
            """, From: from);
    }
}
