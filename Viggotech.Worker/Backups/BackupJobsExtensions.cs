using Viggotech.Core.Backups.Verification;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

public static class BackupJobsExtensions
{
    /// <summary>
    /// Backups (every minute: requested backups start within a minute; each tenant's daily backup
    /// when it is due), retention (hourly), export builds (every 3 s: a requested export starts
    /// within seconds), export expiry (every 15 minutes) and restore tests (every ten minutes, each tenant's
    /// newest backup once a day), on the intervals of section <c>Jobs:&lt;name&gt;:Interval</c>.
    /// Restore tests and operators' restore requests (every five seconds) run only where the
    /// scratch database is configured.
    /// </summary>
    public static TBuilder AddBackupJobs<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBackups();
        builder.AddDataExports();
        var jobs = builder.Configuration.GetSection("Jobs");
        builder.Services.AddRecurringJob<BackupJob>(BackupJob.Name, jobs.GetValue($"{BackupJob.Name}:Interval", TimeSpan.FromMinutes(1)));
        builder.Services.AddRecurringJob<BackupRetentionJob>(BackupRetentionJob.Name, jobs.GetValue($"{BackupRetentionJob.Name}:Interval", TimeSpan.FromHours(1)));
        builder.Services.AddRecurringJob<ExportBuildJob>(ExportBuildJob.Name, jobs.GetValue($"{ExportBuildJob.Name}:Interval", TimeSpan.FromSeconds(3)));
        builder.Services.AddRecurringJob<ExportExpiryJob>(ExportExpiryJob.Name, jobs.GetValue($"{ExportExpiryJob.Name}:Interval", TimeSpan.FromMinutes(15)));
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ScratchDatabase.ConnectionName)))
        {
            builder.Services.AddRecurringJob<RestoreTestJob>(RestoreTestJob.Name, jobs.GetValue($"{RestoreTestJob.Name}:Interval", TimeSpan.FromMinutes(10)));
            builder.Services.AddRecurringJob<OperatorRestoreJob>(OperatorRestoreJob.Name, jobs.GetValue($"{OperatorRestoreJob.Name}:Interval", TimeSpan.FromSeconds(5)));
        }

        return builder;
    }
}
