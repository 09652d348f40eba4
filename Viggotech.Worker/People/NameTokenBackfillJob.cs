using Viggotech.Core.People;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.People;

/// <summary>
/// Gives every tenant's people rows written before name search their name tokens
/// (<see cref="NameTokenBackfill"/>), so they are found by name without being edited. Runs under
/// the recurring-job lease, so one Worker at a time does it; a run that stops part-way is
/// continued by the next. Once every row has tokens a run only finds nothing to do.
/// </summary>
internal sealed partial class NameTokenBackfillJob(TenantSweep tenants, ILogger<NameTokenBackfillJob> logger) : IRecurringJob
{
    public const string Name = "name-token-backfill";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (filled, unreadable) = (0, 0);
        var failed = await tenants.ForEachTenantAsync(async (services, ct) =>
        {
            var result = await services.GetRequiredService<NameTokenBackfill>().RunAsync(cancellationToken: ct);
            filled += result.Filled;
            unreadable += result.Unreadable;
        }, cancellationToken);
        if (filled > 0 || unreadable > 0 || failed > 0)
        {
            LogRun(logger, filled, unreadable, failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Name token backfill: {Filled} people given name tokens, {Unreadable} with unreadable names left as they are, {Failed} tenants failed")]
    private static partial void LogRun(ILogger logger, int filled, int unreadable, int failed);
}
