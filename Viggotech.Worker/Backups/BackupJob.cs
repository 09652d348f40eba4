using Viggotech.Core.Backups;
using Viggotech.Core.Jobs;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

/// <summary>
/// Takes the backups that are due: requested ones within a run, and each tenant's daily one.
/// A backup whose Worker died is marked failed (no manifest was written, so it never counted)
/// and the next run takes a good one.
/// </summary>
internal sealed partial class BackupJob(BackupScheduler scheduler, ILogger<BackupJob> logger) : IRecurringJob
{
    public const string Name = JobNames.Backups;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ran = await scheduler.RunDueAsync(cancellationToken);
        if (ran.Count > 0)
        {
            LogRun(logger, ran.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backups: {Count} run")]
    private static partial void LogRun(ILogger logger, int count);
}
