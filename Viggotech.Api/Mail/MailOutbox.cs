using System.Threading.Channels;

namespace Viggotech.Api.Mail;

/// <summary>
/// Mail leaves through a queue so a request never waits on SMTP: a reset request for a real
/// account takes as long as one for an unknown address, and a slow mail server slows no page.
/// </summary>
public sealed class MailOutbox(MailSender sender, ILogger<MailOutbox> logger) : BackgroundService
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
                catch (Exception problem) when (attempt < 5 && problem is not OperationCanceledException)
                {
                    logger.LogWarning(problem, "Sending mail failed (attempt {Attempt}); retrying", attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
                }
                catch (Exception problem) when (problem is not OperationCanceledException)
                {
                    logger.LogError(problem, "Sending mail failed; giving up");
                    break;
                }
            }
        }
    }
}
