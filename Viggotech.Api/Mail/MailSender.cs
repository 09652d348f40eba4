using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Viggotech.Api.Mail;

/// <summary>Sends mail over SMTP to <c>ConnectionStrings:mail</c> (<c>smtp://host:port</c>, or <c>smtps://</c> for TLS on connect).</summary>
public sealed class MailSender(IConfiguration configuration)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var server = new Uri(configuration.GetConnectionString("mail")
            ?? throw new InvalidOperationException("ConnectionStrings:mail is not configured."));
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(configuration["Mail:From"] ?? "Viggotech <no-reply@viggotech.local>"));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

        // The local sink listens on loopback without TLS; anything else must offer STARTTLS.
        var security = server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect
            : server.IsLoopback ? SecureSocketOptions.None
            : SecureSocketOptions.StartTls;
        using var client = new SmtpClient();
        await client.ConnectAsync(server.Host, server.Port, security, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

public sealed record OutgoingMail(string To, string Subject, string Text, string Html);
