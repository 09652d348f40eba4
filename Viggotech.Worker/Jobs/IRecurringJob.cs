namespace Viggotech.Worker.Jobs;

/// <summary>
/// A unit of background work run on a fixed interval, each run in its own DI scope, by one Worker
/// instance at a time (see <see cref="RecurringJobRunner"/>). A run cut short (its instance died,
/// or lost its lease and was cancelled) is not resumed: the next run starts afresh, so a job must
/// be safe to run again over work it may have half done.
/// </summary>
public interface IRecurringJob
{
    Task RunAsync(CancellationToken cancellationToken);
}
