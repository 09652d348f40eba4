using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Data;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Tests.Jobs;

/// <summary>Two Worker hosts in one process against one database: the leases, not luck, decide who runs.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class LeaseCoordinationTests(PlatformDatabaseFixture fixture)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Two_workers_run_each_job_once_per_interval()
    {
        var job = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        using var first = BuildWorker(job);
        using var second = BuildWorker(job);

        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await Task.Delay(TimeSpan.FromSeconds(6.5));
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        var runs = await fixture.Platform.RunsAsync(job);
        // Once at start, then once per second: about seven runs in 6.5 s, never fourteen.
        Assert.InRange(runs.Count, 5, 8);
        // The stop may cut the last run short; it is recorded as such, never left open.
        Assert.All(runs.SkipLast(1), run => Assert.Equal("succeeded", run.Outcome));
        Assert.Contains(runs[^1].Outcome, new[] { "succeeded", "cancelled" });
        foreach (var (earlier, later) in runs.Zip(runs.Skip(1)))
        {
            Assert.True(later.StartedAt >= earlier.FinishedAt, "two runs overlapped");
        }

        // The schedule is anchored (no drift): a run that started late is followed by the next
        // slot's run soon after, so two runs may be close together. What never happens is more runs
        // in a stretch of time than it has slots: k runs span at least k - 2 whole intervals.
        for (var i = 0; i < runs.Count; i++)
        {
            for (var j = i + 2; j < runs.Count; j++)
            {
                Assert.True(runs[j].StartedAt - runs[i].StartedAt >= Interval * (j - i - 1) - TimeSpan.FromMilliseconds(50),
                    $"{j - i + 1} runs between {runs[i].StartedAt:O} and {runs[j].StartedAt:O}: more than the slots in that time");
            }
        }
    }

    [Fact]
    public async Task A_clean_shutdown_hands_the_job_over_without_waiting_for_the_lease()
    {
        var job = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        using var first = BuildWorker(job, leaseDuration: TimeSpan.FromMinutes(5));
        await first.StartAsync();
        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(job)).Count >= 1);
        var firstHolder = (await fixture.Platform.RunsAsync(job))[0].Holder;

        using var second = BuildWorker(job, leaseDuration: TimeSpan.FromMinutes(5));
        await second.StartAsync();
        await first.StopAsync();
        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(job)).Any(run => run.Holder != firstHolder));
        await second.StopAsync();

        // A five-minute lease, yet the second worker ran the job within seconds.
        var runs = await fixture.Platform.RunsAsync(job);
        Assert.Contains(runs, run => run.Holder != firstHolder);
    }

    [Fact]
    public async Task Worker_with_schedules_disabled_claims_and_runs_nothing()
    {
        var job = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        using var secondary = BuildWorker(job, schedulesEnabled: false);

        await secondary.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await secondary.StopAsync();

        Assert.Empty(await fixture.Platform.RunsAsync(job));
        Assert.Null(await fixture.Platform.LeaseHolderAsync(job));
    }

    [Fact]
    public async Task A_worker_told_to_run_only_some_jobs_leaves_the_others_alone()
    {
        var job = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        var other = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        using var worker = BuildWorker(job, onlyJobs: other);

        await worker.StartAsync();
        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(other)).Count >= 1);
        await worker.StopAsync();

        Assert.Empty(await fixture.Platform.RunsAsync(job));
        Assert.Null(await fixture.Platform.LeaseHolderAsync(job));
    }

    [Fact]
    public async Task A_job_asked_for_runs_at_once_though_its_next_run_is_an_hour_away()
    {
        var job = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        // A five-minute lease: the holder next looks at the lease in 100 s, so only the wake-up call can start the run sooner.
        using var worker = BuildWorker(job, leaseDuration: TimeSpan.FromMinutes(5), interval: TimeSpan.FromHours(1));
        await worker.StartAsync();
        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(job)).Count == 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await fixture.Platform.RunsAsync(job));

        var asked = DateTimeOffset.UtcNow;
        await using (var scope = worker.Services.CreateAsyncScope())
        {
            await Viggotech.Core.Jobs.JobWakeup.RequestAsync(scope.ServiceProvider, job, CancellationToken.None);
        }

        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(job)).Count == 2, seconds: 15);
        await worker.StopAsync();
        Assert.True((await fixture.Platform.RunsAsync(job))[1].StartedAt >= asked.AddSeconds(-1));
    }

    [Fact]
    public async Task A_job_asked_for_while_wake_up_calls_go_unheard_runs_at_the_holders_next_look()
    {
        var job = "lease-test-" + Guid.NewGuid().ToString("N")[..8];
        using var worker = BuildWorker(job, leaseDuration: TimeSpan.FromSeconds(6), interval: TimeSpan.FromHours(1));
        await worker.StartAsync();
        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(job)).Count == 1);

        // What a request does, minus the notification (as when the listening connection is down).
        await using (var scope = worker.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Database.ExecuteSqlAsync(
                $"UPDATE platform.job_leases SET next_run_at = clock_timestamp() WHERE job_name = {job}");
        }

        // The holder renews every 2 s (a third of the lease) and then sees the job due.
        await WaitForAsync(async () => (await fixture.Platform.RunsAsync(job)).Count == 2, seconds: 15);
        await worker.StopAsync();
    }

    private IHost BuildWorker(string job, TimeSpan? leaseDuration = null, bool schedulesEnabled = true, string? onlyJobs = null, TimeSpan? interval = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App,
            ["Worker:LeaseDuration"] = (leaseDuration ?? TimeSpan.FromSeconds(3)).ToString(),
            ["Worker:SchedulesEnabled"] = schedulesEnabled.ToString(),
        };
        if (onlyJobs is not null)
        {
            settings["Worker:OnlyJobs:0"] = onlyJobs;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddPlatformData();
        builder.AddRecurringJobs();
        builder.Services.AddRecurringJob<BriefJob>(job, interval ?? Interval);
        if (onlyJobs is not null)
        {
            builder.Services.AddRecurringJob<BriefJob>(onlyJobs, Interval);
        }

        return builder.Build();
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, double seconds = 20, Func<Task<string?>>? explain = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail("the condition was not met in time" + (explain is null ? "" : ": " + await explain()));
            }

            await Task.Delay(100);
        }
    }

    private sealed class BriefJob : IRecurringJob
    {
        public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(100, cancellationToken);
    }
}
