using Viggotech.Core.Data;
using Viggotech.Testing.Processes;
using Viggotech.Worker.Maintenance;

namespace Viggotech.Worker.Tests.Jobs;

/// <summary>Two real Worker processes; one is killed with SIGKILL, the other takes its jobs over.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class WorkerFailoverTests(PlatformDatabaseFixture fixture)
{
    private const string Job = HistoryPruneJob.Name;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Killed_worker_is_replaced_once_its_lease_expires_and_runs_never_overlap()
    {
        var environment = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App,
            ["Worker__LeaseDuration"] = Lease.ToString(),
            [$"Worker__Jobs__{Job}__Interval"] = "00:00:01",
            ["Worker__OnlyJobs__0"] = Job,
        };
        await using var first = WorkerProcess.Start(environment);
        await using var second = WorkerProcess.Start(environment);
        var since = DateTime.UtcNow;

        await LeaseCoordinationTests.WaitForAsync(async () => (await RunsSince(since)).Count >= 3, 60);
        var holder = await fixture.Platform.LeaseHolderAsync(Job) ?? throw new InvalidOperationException("no lease holder");
        var victim = new[] { first, second }.Single(worker => holder.Split(':')[1] == worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var survivor = victim == first ? second : first;

        await victim.KillAsync();
        var killedAt = DateTime.UtcNow;
        await LeaseCoordinationTests.WaitForAsync(async () => (await RunsSince(killedAt)).Count(run => run.Holder != holder) >= 2, 30);

        var runs = await RunsSince(since);
        var takeover = runs.First(run => run.Holder != holder && run.StartedAt > killedAt);
        var lastOfVictim = runs.Last(run => run.Holder == holder);
        // The survivor waited for the lease to run out: no run in the lease's lifetime after the kill.
        Assert.True(takeover.StartedAt - killedAt > Lease - TimeSpan.FromSeconds(1.5),
            $"takeover {(takeover.StartedAt - killedAt).TotalSeconds:F1} s after the kill, sooner than the lease allows");
        Assert.True(takeover.StartedAt >= (lastOfVictim.FinishedAt ?? lastOfVictim.StartedAt));
        Assert.False(survivor.HasExited, survivor.Output);
        // Runs never overlap, and there is at most one per scheduled interval. Runs are anchored to
        // the schedule, so one claimed late on a busy machine may be followed sooner than a full
        // interval; what must never happen is more runs than intervals.
        foreach (var (earlier, later) in runs.Zip(runs.Skip(1)))
        {
            Assert.True(later.StartedAt >= (earlier.FinishedAt ?? earlier.StartedAt), $"a run started at {later.StartedAt:O} before the previous one finished");
        }

        var window = runs[^1].StartedAt - runs[0].StartedAt;
        Assert.True(runs.Count <= (int)(window / TimeSpan.FromSeconds(1)) + 1, $"{runs.Count} runs in {window.TotalSeconds:F1} s with a 1 s interval");
    }

    [Fact]
    public async Task Worker_process_with_schedules_disabled_runs_no_job()
    {
        var environment = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App,
            ["Worker__SchedulesEnabled"] = "false",
            [$"Worker__Jobs__{Job}__Interval"] = "00:00:01",
            ["Worker__OnlyJobs__0"] = Job,
        };
        var since = DateTime.UtcNow;
        await using var secondary = WorkerProcess.Start(environment);

        await LeaseCoordinationTests.WaitForAsync(() => Task.FromResult(secondary.Output.Contains("Schedules are disabled", StringComparison.Ordinal)), 30);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(await RunsSince(since));
        Assert.False(secondary.HasExited, secondary.Output);
    }

    private async Task<List<JobRunRow>> RunsSince(DateTime since) =>
        (await fixture.Platform.RunsAsync(Job)).Where(run => run.StartedAt >= since).ToList();
}
