using Viggotech.Core.Exports.Requests;
using Viggotech.Core.Jobs;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

/// <summary>
/// Builds the exports admins asked for. One Worker at a time holds the job's lease; when a Worker
/// dies mid-build its lease runs out and the next holder starts that build again.
/// </summary>
internal sealed partial class ExportBuildJob(DataExportBuilds builds, ILogger<ExportBuildJob> logger) : IRecurringJob
{
    public const string Name = JobNames.ExportBuilds;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ready = await builds.BuildPendingAsync(cancellationToken);
        if (ready > 0)
        {
            LogRun(logger, ready);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export builds: {Ready} exports ready for download")]
    private static partial void LogRun(ILogger logger, int ready);
}
