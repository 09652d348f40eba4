using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Mail;

public static class MailOutboxJobExtensions
{
    /// <summary>Operator alert mail and the job that delivers the mail outbox (every 5 s, or <c>Jobs:mail-outbox:Interval</c>).</summary>
    public static TBuilder AddOperatorAlertMailDelivery<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddOperatorAlertMail();
        builder.Services.AddRecurringJob<MailOutboxJob>(MailOutboxJob.Name,
            builder.Configuration.GetSection("Jobs").GetValue($"{MailOutboxJob.Name}:Interval", TimeSpan.FromSeconds(5)));
        return builder;
    }
}
