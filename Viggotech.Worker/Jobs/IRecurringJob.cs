namespace Viggotech.Worker.Jobs;

/// <summary>A unit of background work run on a fixed interval, each run in its own DI scope.</summary>
public interface IRecurringJob
{
    Task RunAsync(CancellationToken cancellationToken);
}
