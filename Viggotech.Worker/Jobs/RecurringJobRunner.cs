using Microsoft.Extensions.Options;
using Viggotech.Core.Jobs;

namespace Viggotech.Worker.Jobs;

/// <summary>
/// Runs each registered job on its interval, coordinated through leases in Postgres so that with
/// any number of Worker instances each run happens once: the instance holding a job's lease runs
/// it and renews the lease; the others poll and take over once a lease expires. A service that
/// stores work for a job (a backup request, say) moves the job's next run to now and wakes the
/// sleeping schedule (<see cref="JobWakeups"/>), so requested work starts at once. Each run gets a
/// fresh DI scope (so per-run state such as the tenant context never carries over) and a row in
/// <c>platform.job_runs</c>. A failed run is recorded and the schedule goes on.
/// </summary>
internal sealed partial class RecurringJobRunner(
    IEnumerable<RecurringJobSchedule> schedules,
    IServiceScopeFactory scopes,
    IOptions<RecurringJobOptions> options,
    WorkerIdentity identity,
    JobWakeups wakeups,
    ILogger<RecurringJobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterDatabaseError = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulesEnabled)
        {
            LogSchedulesDisabled(logger);
            return Task.CompletedTask;
        }

        var active = schedules.Select(Effective).Where(s => s is not null).Cast<RecurringJobSchedule>().ToList();
        LogStarting(logger, identity.Holder, active.Count);
        return Task.WhenAll(active.Select(schedule => RunOnScheduleAsync(schedule, stoppingToken)));
    }

    private RecurringJobSchedule? Effective(RecurringJobSchedule schedule)
    {
        if (options.Value.OnlyJobs.Count > 0 && !options.Value.OnlyJobs.Contains(schedule.Name, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!options.Value.Jobs.TryGetValue(schedule.Name, out var change))
        {
            return schedule;
        }

        return change.Enabled ? schedule with { Interval = change.Interval ?? schedule.Interval } : null;
    }

    private async Task RunOnScheduleAsync(RecurringJobSchedule schedule, CancellationToken stoppingToken)
    {
        var lease = options.Value.LeaseDuration;
        var renewEvery = lease / 3;
        var held = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
                    var dueIn = await leases.TryHoldAsync(schedule.Name, identity.Holder, lease, stoppingToken);
                    held = dueIn is not null;
                    if (dueIn == TimeSpan.Zero && await leases.TryStartRunAsync(schedule.Name, identity.Holder, schedule.Interval, stoppingToken) is { } runId)
                    {
                        await RunOnceAsync(schedule, runId, stoppingToken);
                        continue;
                    }

                    // Holder: sleep until due, waking to renew. Others: poll often enough to take
                    // over soon after the holder's lease runs out.
                    wait = dueIn is { } due ? Min(due, renewEvery) : Min(schedule.Interval, renewEvery);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLeaseFailed(logger, e, schedule.Name);
                    wait = RetryAfterDatabaseError;
                }

                // A wake-up call (a request for this job was just stored) ends the sleep early.
                await wakeups.WaitAsync(schedule.Name, Max(wait, TimeSpan.FromMilliseconds(50)), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (held)
            {
                await ReleaseAsync(schedule);
            }
        }
    }

    private async Task RunOnceAsync(RecurringJobSchedule schedule, long runId, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);

        using var renewal = new CancellationTokenSource();
        var heartbeat = KeepLeaseAsync(schedule, run, renewal.Token);
        string outcome;
        string? error = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = (IRecurringJob)scope.ServiceProvider.GetRequiredService(schedule.JobType);
            await job.RunAsync(run.Token);
            outcome = JobRunOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome = JobRunOutcome.Cancelled;
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            outcome = JobRunOutcome.LeaseLost;
            LogLeaseLost(logger, schedule.Name);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            outcome = JobRunOutcome.Failed;
            error = e.GetType().Name + ": " + e.Message;
            LogRunFailed(logger, e, schedule.Name);
        }
        finally
        {
            await renewal.CancelAsync();
            await heartbeat;
        }

        // Recorded even during shutdown, so no run is left looking as if it were still going.
        using var finishing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobLeases>().FinishRunAsync(runId, outcome, error, finishing.Token);
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested)
        {
            LogLeaseFailed(logger, e, schedule.Name);
        }
    }

    // Renews the lease while the job runs; if renewal fails the job is cancelled, because another
    // instance may take the job over once the lease expires.
    private async Task KeepLeaseAsync(RecurringJobSchedule schedule, CancellationTokenSource run, CancellationToken done)
    {
        var lease = options.Value.LeaseDuration;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, done);
                bool renewed;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    renewed = await scope.ServiceProvider.GetRequiredService<JobLeases>()
                        .TryHoldAsync(schedule.Name, identity.Holder, lease, done) is not null;
                }
                catch (Exception e) when (!done.IsCancellationRequested)
                {
                    LogLeaseFailed(logger, e, schedule.Name);
                    renewed = false;
                }

                if (!renewed)
                {
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    private async Task ReleaseAsync(RecurringJobSchedule schedule)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobLeases>().ReleaseAsync(schedule.Name, identity.Holder, timeout.Token);
        }
        catch (Exception e)
        {
            // The lease then simply expires.
            LogLeaseFailed(logger, e, schedule.Name);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedules are disabled on this instance (Worker:SchedulesEnabled=false); no recurring job runs here")]
    private static partial void LogSchedulesDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Holder} coordinates {Count} recurring jobs through leases")]
    private static partial void LogStarting(ILogger logger, string holder, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recurring job {Job} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring job {Job}: the lease could not be checked")]
    private static partial void LogLeaseFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring job {Job} lost its lease while running and was cancelled")]
    private static partial void LogLeaseLost(ILogger logger, string job);
}
