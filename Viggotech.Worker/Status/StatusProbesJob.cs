using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Continuity.Status;
using Viggotech.Core.Data;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Status;

/// <summary>
/// Probes every component and records the results in <c>platform.probe_results</c>, from which the
/// status page computes current state and monthly availability. The database probe is the
/// recording itself: a committed write on the primary read back, which with synchronous
/// replication also fails when region B stops confirming commits.
/// </summary>
internal sealed partial class StatusProbesJob(
    StatusProbeSet probes, ProbeBacklog backlog, PlatformDbContext db, TimeProvider time, ILogger<StatusProbesJob> logger) : IRecurringJob
{
    public const string Name = "status-probes";
    public const string HttpClientName = "status-probes";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var results = (await Task.WhenAll(probes.All.Select(probe => RunProbeAsync(probe, cancellationToken)))).ToList();

        var probedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DatabaseTimeout);
        var earlier = backlog.TakeAll();
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1", timeout.Token);
            var database = new ProbeResult
            {
                Component = StatusComponent.Database.Id, ProbedAt = probedAt, Healthy = true, LatencyMs = (int)clock.ElapsedMilliseconds,
            };
            var batch = earlier.Concat(results).Append(database).Select(Copy).ToList();
            db.ProbeResults.AddRange(batch);
            await db.SaveChangesAsync(timeout.Token);
            var ids = batch.Select(r => r.Id).ToList();
            if (await db.ProbeResults.CountAsync(r => ids.Contains(r.Id), timeout.Token) != batch.Count)
            {
                throw new ProbeFailedException("probe results written to the primary could not be read back");
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogDatabaseDown(logger, e.GetType().Name);
            backlog.Add(earlier.Concat(results).Append(new ProbeResult
            {
                Component = StatusComponent.Database.Id, ProbedAt = probedAt, Healthy = false,
                LatencyMs = (int)clock.ElapsedMilliseconds, Detail = "a write on the primary did not commit: " + e.GetType().Name,
            }));
            throw;
        }
    }

    private async Task<ProbeResult> RunProbeAsync(IStatusProbe probe, CancellationToken cancellationToken)
    {
        var probedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        bool healthy;
        string? detail;
        try
        {
            detail = await probe.ProbeAsync(timeout.Token);
            healthy = true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            healthy = false;
            detail = e switch
            {
                ProbeFailedException => e.Message,
                OperationCanceledException => $"no answer within {ProbeTimeout.TotalSeconds:0} s",
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            LogProbeFailed(logger, probe.Component.Id, detail);
        }

        return new ProbeResult
        {
            Component = probe.Component.Id, ProbedAt = probedAt, Healthy = healthy,
            LatencyMs = (int)clock.ElapsedMilliseconds, Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        };
    }

    private static ProbeResult Copy(ProbeResult result) => new()
    {
        Component = result.Component, ProbedAt = result.ProbedAt, Healthy = result.Healthy, LatencyMs = result.LatencyMs, Detail = result.Detail,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status probe of {Component} failed: {Detail}")]
    private static partial void LogProbeFailed(ILogger logger, string component, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Probe results could not be written to the primary ({Error}); they are kept for the next run")]
    private static partial void LogDatabaseDown(ILogger logger, string error);
}
