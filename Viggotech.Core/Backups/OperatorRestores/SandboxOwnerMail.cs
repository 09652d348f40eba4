using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>
/// Mails the sandbox owner's invitation through the platform's SMTP server
/// (<c>ConnectionStrings:mail</c>), in the same words and shape as the Api's invitations.
/// </summary>
public sealed class SandboxOwnerMail(IConfiguration configuration)
{
    public const string SubjectStart = "You are invited to own";

    public async Task SendAsync(string to, string sandboxName, string link, CancellationToken cancellationToken)
    {
        var server = new Uri(configuration.GetConnectionString("mail") ?? throw new InvalidOperationException("ConnectionStrings:mail is not configured."));
        var intro = $"A Viggotech operator restored a backup into {sandboxName}, a sandbox organisation, and invited you as its owner. It holds the backup's people and documents; nobody else has an account in it yet.";
        const string note = "The link works once and expires in 72 hours.";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(configuration["Mail:From"] ?? "Viggotech <no-reply@viggotech.local>"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"{SubjectStart} {sandboxName} on Viggotech";
        message.Body = new BodyBuilder
        {
            TextBody = $"{intro}\n\nAccept invitation: {link}\n\n{note}\n",
            HtmlBody = $"""
                <!DOCTYPE html>
                <html lang="en"><body style="font-family: system-ui, sans-serif; color: #1b1f24">
                <p>{WebUtility.HtmlEncode(intro)}</p>
                <p><a href="{WebUtility.HtmlEncode(link)}">Accept invitation</a></p>
                <p style="color: #57606a">{note}</p>
                </body></html>
                """,
        }.ToMessageBody();

        // The local sink listens on loopback without TLS; anything else must offer STARTTLS.
        var security = server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect
            : server.IsLoopback ? SecureSocketOptions.None
            : SecureSocketOptions.StartTls;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new SmtpClient();
        await client.ConnectAsync(server.Host, server.Port, security, timeout.Token);
        await client.SendAsync(message, timeout.Token);
        await client.DisconnectAsync(quit: true, timeout.Token);
    }
}
