using Viggotech.Core.Backups.Verification;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

/// <summary>
/// Restore-tests each tenant's newest backup in the scratch database once per verification
/// interval (default daily): row counts and content hashes must match its manifest. A failure is
/// recorded for the tenant's portal and raised as an operator alert.
/// </summary>
internal sealed partial class RestoreTestJob(RestoreTests tests, ILogger<RestoreTestJob> logger) : IRecurringJob
{
    public const string Name = "backup-restore-tests";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var results = await tests.RunDueAsync(cancellationToken);
        if (results.Count > 0)
        {
            LogRun(logger, results.Count(r => r.Succeeded), results.Count(r => !r.Succeeded));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restore tests: {Passed} passed, {Failed} failed")]
    private static partial void LogRun(ILogger logger, int passed, int failed);
}
