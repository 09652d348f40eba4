using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Maintenance;

/// <summary>Removes platform history past its retention (probe results after 400 days, job runs after 90, ...).</summary>
internal sealed partial class HistoryPruneJob(PlatformDbContext db, ILogger<HistoryPruneJob> logger) : IRecurringJob
{
    public const string Name = "history-prune";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var removed = await db.Database.SqlQuery<long>($"""SELECT platform.prune_history() AS "Value" """).ToListAsync(cancellationToken);
        LogPruned(logger, removed[0]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Rows} rows of platform history past retention")]
    private static partial void LogPruned(ILogger logger, long rows);
}
