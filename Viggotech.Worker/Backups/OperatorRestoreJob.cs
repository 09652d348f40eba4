using Viggotech.Core.Backups.OperatorRestores;
using Viggotech.Core.Jobs;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

/// <summary>Carries out operators' restore requests from the operator pages (see <see cref="OperatorRestoreRunner"/>).</summary>
internal sealed partial class OperatorRestoreJob(OperatorRestoreRunner runner, ILogger<OperatorRestoreJob> logger) : IRecurringJob
{
    public const string Name = JobNames.OperatorRestores;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ran = await runner.RunQueuedAsync(cancellationToken);
        if (ran > 0)
        {
            LogRun(logger, ran);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator restores: {Count} run")]
    private static partial void LogRun(ILogger logger, int count);
}
