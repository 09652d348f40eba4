using System.Threading.Channels;
using Viggotech.Core.Mail;

namespace Viggotech.Api.Mail;

/// <summary>
/// Account mail leaves through a queue so a request never waits on SMTP: a reset request for a real
/// account takes as long as one for an unknown address, and a slow mail server slows no page. It is
/// kept in memory, not in the database outbox (<see cref="DurableMailOutbox"/>), because these mails
/// carry single-use sign-in links that must not rest in a table.
/// </summary>
public sealed partial class MailOutbox(MailSender sender, ILogger<MailOutbox> logger) : BackgroundService
{
    private readonly Channel<OutgoingMail> queue = Channel.CreateBounded<OutgoingMail>(1000);

    public ValueTask EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken = default) => queue.Writer.WriteAsync(mail, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in queue.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await sender.SendAsync(mail, stoppingToken);
                    break;
                }
                // The exception's type only: an SMTP server's reply can echo the recipient's address.
                catch (Exception problem) when (attempt < 5 && problem is not OperationCanceledException)
                {
                    LogRetrying(logger, attempt, problem.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
                }
                catch (Exception problem) when (problem is not OperationCanceledException)
                {
                    LogGivenUp(logger, problem.GetType().Name);
                    break;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending mail failed (attempt {Attempt}, {Error}); retrying")]
    private static partial void LogRetrying(ILogger logger, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending mail failed ({Error}); giving up")]
    private static partial void LogGivenUp(ILogger logger, string error);
}
