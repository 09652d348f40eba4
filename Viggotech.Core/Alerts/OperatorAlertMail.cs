using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Viggotech.Core.Alerts;

/// <summary>
/// Mails each operator alert to the operators' address through the platform's SMTP server
/// (<c>ConnectionStrings:mail</c>, <c>smtp://host:port</c> or <c>smtps://</c>). The mail says what
/// failed, for which tenant and backup, and where to look; it carries no tenant data.
/// </summary>
public sealed class OperatorAlertMail(IConfiguration configuration, IOptions<OperatorAlertMailOptions> options) : IOperatorAlertNotifier
{
    public const string SubjectPrefix = "[Viggotech operators]";

    public static IReadOnlyDictionary<string, string> Titles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OperatorAlertKinds.BackupVerificationFailed] = "Restore test failed",
        [OperatorAlertKinds.BackupFailed] = "Backup failed",
    };

    public async Task NotifyAsync(OperatorAlertNotice alert, CancellationToken cancellationToken)
    {
        var to = options.Value.AlertEmail;
        if (string.IsNullOrWhiteSpace(to))
        {
            return;
        }

        var server = new Uri(configuration.GetConnectionString("mail") ?? throw new InvalidOperationException("ConnectionStrings:mail is not configured."));
        var title = Titles.GetValueOrDefault(alert.Kind, alert.Kind);
        var tenant = alert.TenantId is { } id ? id.ToString("D") : "none";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"{SubjectPrefix} {title}: tenant {tenant}, {alert.Subject}";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                {title}.

                Tenant: {tenant}
                Concerns: {alert.Subject}
                Raised: {alert.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC
                Kind: {alert.Kind}

                {alert.Message}

                The alert stays open in platform.operator_alerts until an operator acknowledges it.
                """,
        };

        // The local sink listens on loopback without TLS; anything else must offer STARTTLS.
        var security = server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect
            : server.IsLoopback ? SecureSocketOptions.None
            : SecureSocketOptions.StartTls;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        using var client = new SmtpClient();
        await client.ConnectAsync(server.Host, server.Port, security, timeout.Token);
        await client.SendAsync(message, timeout.Token);
        await client.DisconnectAsync(quit: true, timeout.Token);
    }
}
