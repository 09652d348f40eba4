using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Viggotech.Core.Data;

namespace Viggotech.Core.Jobs;

/// <summary>
/// Asks the Worker to run a job now rather than at its next scheduled time, after something was
/// requested that the job carries out (a backup, an export, a restore). The job's next run is
/// moved to now in <c>platform.job_leases</c>, so whichever instance holds the lease runs it the
/// next time it looks (at most a third of a lease later), and a notification on
/// <see cref="Channel"/> wakes the Worker at once.
/// </summary>
public static partial class JobWakeup
{
    /// <summary>The Postgres notification channel the Worker listens on; the payload is the job's name.</summary>
    public const string Channel = "viggotech_jobs";

    /// <summary>
    /// Best effort: the request is already stored, and the job's schedule picks it up anyway, so a
    /// failure here is logged and never fails the request.
    /// </summary>
    public static async Task RequestAsync(IServiceProvider services, string job, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PlatformDbContext>();
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE platform.job_leases SET next_run_at = LEAST(next_run_at, clock_timestamp()) WHERE job_name = {job}",
                cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {job})", cancellationToken);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or DbUpdateException)
        {
            LogWakeupFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JobWakeup)), error, job);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the Worker to run job {Job} now; it runs on its schedule")]
    private static partial void LogWakeupFailed(ILogger logger, Exception exception, string job);
}
