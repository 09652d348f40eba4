using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Data;

namespace Viggotech.Core.Mail;

/// <summary>
/// Mail that must not be lost to an SMTP outage or a restart: <see cref="AddAsync"/> writes it into
/// <c>platform.mail_outbox</c> inside the caller's transaction, and <see cref="DeliverDueAsync"/>
/// (the Worker's <c>mail-outbox</c> job) hands each due mail to <see cref="MailSender"/>, backing
/// off exponentially after each failure until the server takes it or <see cref="MaxAttempts"/> is reached.
/// Only mail whose content may rest in the database goes here: never sign-in links or tokens.
/// </summary>
public sealed partial class DurableMailOutbox(IServiceScopeFactory scopes, MailSender sender, IOptions<MailOptions> options, TimeProvider time,
    ILogger<DurableMailOutbox> logger)
{
    public const int MaxAttempts = 20;
    private const int Batch = 20;

    /// <summary>Queues the mail in <paramref name="db"/>'s current transaction (or on its own when there is none).</summary>
    public static Task AddAsync(PlatformDbContext db, OutgoingMail mail, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO platform.mail_outbox (to_address, from_address, subject, text_body, html_body, attempts)
            VALUES ({mail.To}, {mail.From}, {mail.Subject}, {mail.Text}, {mail.Html}, 0)
            """, cancellationToken);

    /// <summary>Sends every mail that is due, oldest first; returns how many were sent and how many failed this time.</summary>
    public async Task<(int Sent, int Failed)> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        var failed = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var seen = 0L;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await db.Set<OutboxMail>().AsNoTracking()
                .Where(m => m.SentAt == null && m.GivenUpAt == null && m.NextAttemptAt <= now && m.Id > seen)
                .OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return (sent, failed);
            }

            foreach (var mail in due)
            {
                seen = mail.Id;
                if (await TrySendAsync(db, mail, cancellationToken))
                {
                    sent++;
                }
                else
                {
                    failed++;
                }
            }
        }
    }

    private async Task<bool> TrySendAsync(PlatformDbContext db, OutboxMail mail, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(new OutgoingMail(mail.ToAddress, mail.Subject, mail.TextBody, mail.HtmlBody, mail.FromAddress), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = mail.Attempts + 1;
            var now = time.GetUtcNow();
            var givenUp = attempts >= MaxAttempts;
            var error = Describe(e);
            await db.Set<OutboxMail>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NextAttemptAt, now + Backoff(attempts))
                .SetProperty(x => x.GivenUpAt, givenUp ? now : null).SetProperty(x => x.LastError, error), CancellationToken.None);
            if (givenUp)
            {
                LogGivenUp(logger, mail.Id, attempts, error);
            }
            else
            {
                LogRetrying(logger, mail.Id, attempts, error);
            }

            return false;
        }

        // Sent: if recording that fails, the mail may go out twice, which beats not at all.
        await db.Set<OutboxMail>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.SentAt, time.GetUtcNow()).SetProperty(x => x.Attempts, mail.Attempts + 1), CancellationToken.None);
        return true;
    }

    /// <summary>The wait before attempt <paramref name="failures"/> + 1: doubling from <see cref="MailOptions.RetryAfter"/> up to <see cref="MailOptions.MaxRetryAfter"/>.</summary>
    public TimeSpan Backoff(int failures)
    {
        var first = options.Value.RetryAfter;
        var delay = first * Math.Pow(2, Math.Min(failures - 1, 20));
        return delay < options.Value.MaxRetryAfter ? delay : options.Value.MaxRetryAfter;
    }

    // What went wrong, without the server's text or the exception message, which can carry the recipient's address.
    private static string Describe(Exception e) => e switch
    {
        SmtpCommandException smtp => $"{nameof(SmtpCommandException)}: {smtp.ErrorCode} ({(int)smtp.StatusCode})",
        SmtpProtocolException => nameof(SmtpProtocolException),
        ServiceNotConnectedException => nameof(ServiceNotConnectedException),
        System.Net.Sockets.SocketException socket => $"{nameof(System.Net.Sockets.SocketException)}: {socket.SocketErrorCode}",
        OperationCanceledException => "timed out",
        _ => e.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} could not be sent (attempt {Attempts}: {Error}); it will be retried")]
    private static partial void LogRetrying(ILogger logger, long mailId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MailId} could not be sent after {Attempts} attempts ({Error}); delivery stopped")]
    private static partial void LogGivenUp(ILogger logger, long mailId, int attempts, string error);
}
