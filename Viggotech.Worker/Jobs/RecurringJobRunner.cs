namespace Viggotech.Worker.Jobs;

/// <summary>
/// Runs each registered job at once and then on its interval, in a fresh DI scope per run (so
/// per-run state such as the tenant context never carries over). A failed run is logged and the
/// schedule goes on.
/// </summary>
internal sealed partial class RecurringJobRunner(
    IEnumerable<RecurringJobSchedule> schedules,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<RecurringJobRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(schedules.Select(schedule => RunOnScheduleAsync(schedule, stoppingToken)));

    private async Task RunOnScheduleAsync(RecurringJobSchedule schedule, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(schedule.Interval, time);
        do
        {
            await RunOnceAsync(schedule, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunOnceAsync(RecurringJobSchedule schedule, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var job = (IRecurringJob)scope.ServiceProvider.GetRequiredService(schedule.JobType);
            await job.RunAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRunFailed(logger, e, schedule.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recurring job {Job} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string job);
}
