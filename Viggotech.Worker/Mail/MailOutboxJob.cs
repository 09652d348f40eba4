using Viggotech.Core.Mail;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Mail;

/// <summary>Delivers the mail outbox (operator alerts): every due mail, retried with backoff while the SMTP server is down.</summary>
internal sealed partial class MailOutboxJob(DurableMailOutbox outbox, ILogger<MailOutboxJob> logger) : IRecurringJob
{
    public const string Name = "mail-outbox";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (sent, failed) = await outbox.DeliverDueAsync(cancellationToken);
        if (sent > 0 || failed > 0)
        {
            LogRun(logger, sent, failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail outbox: {Sent} sent, {Failed} failed and left for a retry")]
    private static partial void LogRun(ILogger logger, int sent, int failed);
}
