using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Audit;

public static class AuditJobsExtensions
{
    /// <summary>
    /// The audit trail's recurring jobs: sealing, retention and webhook delivery, on the intervals
    /// of the <c>Audit</c> configuration section. Needs <c>AddPlatformData</c>,
    /// <c>AddPlatformKeyVault</c> and <c>AddAuditTrail</c>.
    /// </summary>
    public static TBuilder AddAuditJobs<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Intervals are read once here, since the schedule is fixed when the Worker starts;
        // AddAuditTrail binds the same section for everything read at run time.
        var options = builder.Configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();

        builder.Services.AddSingleton<AuditSigningKeyVault>();
        builder.Services.AddRecurringJob<AuditSealJob>(AuditSealJob.Name, options.SealInterval);
        builder.Services.AddRecurringJob<AuditRetentionJob>(AuditRetentionJob.Name, options.RetentionInterval);
        builder.Services.AddRecurringJob<AuditWebhookJob>(AuditWebhookJob.Name, options.Webhooks.Interval);
        return builder;
    }
}
