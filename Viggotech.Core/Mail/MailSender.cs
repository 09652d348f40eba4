using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Viggotech.Core.Mail;

/// <summary>
/// The platform's one way of handing mail to its SMTP server (<c>ConnectionStrings:mail</c>): the
/// Api's account mail and the Worker's operator alerts both go through it. It logs nothing; callers
/// that log a failure must not log the recipient.
/// </summary>
public sealed class MailSender(IConfiguration configuration, IOptions<MailOptions> options)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var server = new Uri(configuration.GetConnectionString(MailOptions.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{MailOptions.ConnectionName} is not configured."));
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From ?? options.Value.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

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
