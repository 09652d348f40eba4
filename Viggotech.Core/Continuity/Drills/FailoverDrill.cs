using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Viggotech.Core.Continuity.Drills;

/// <summary>
/// A disaster-recovery drill of the database: under a write load, the primary is lost (fenced and
/// stopped, or killed), the standby region is promoted, the services' connection string finds it,
/// and the drill measures RPO (acknowledged writes missing afterwards; the target is zero) and RTO
/// (primary loss to the first write acknowledged by the new primary; the target is five seconds).
/// It then rebuilds the former primary as the new standby, so the platform is protected again, and
/// stores the report in <c>platform.drill_reports</c>.
/// </summary>
public sealed partial class FailoverDrill(IDatabaseFailoverControl control, string appConnectionString, ILogger logger)
{
    public static readonly TimeSpan RecoveryTarget = TimeSpan.FromSeconds(5);

    public TimeSpan LoadBeforeLoss { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan LoadAfterRecovery { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int Writers { get; init; } = 4;

    public async Task<DrillReport> RunAsync(DrillKind kind, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var startedAt = DateTimeOffset.UtcNow;
        var fromRegion = control.PrimaryRegion;
        var toRegion = control.StandbyRegion;
        var steps = new List<DrillStep>();
        string? error = null;
        long lost = 0;
        TimeSpan? recovery = null;
        await using var load = new WriteLoad(appConnectionString, id);

        async Task Step(string name, Func<Task<string?>> action)
        {
            var at = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            LogStep(logger, name);
            try
            {
                var detail = await action();
                steps.Add(new DrillStep(name, at, clock.ElapsedMilliseconds, true, detail));
            }
            catch (Exception e)
            {
                steps.Add(new DrillStep(name, at, clock.ElapsedMilliseconds, false, e.Message));
                throw;
            }
        }

        try
        {
            await Step($"Check that {toRegion} confirms every commit", async () =>
            {
                await control.VerifyStandbyIsSynchronousAsync(cancellationToken);
                return "synchronous standby streaming";
            });
            await Step("Start the write load", async () =>
            {
                load.Start(Writers);
                await Task.Delay(LoadBeforeLoss, cancellationToken);
                return load.Acknowledged > 0
                    ? $"{load.Acknowledged} writes acknowledged by {fromRegion}"
                    : throw new InvalidOperationException("no write succeeded before the primary was touched");
            });
            await Step(kind == DrillKind.Crash ? $"Kill the primary in {fromRegion} (SIGKILL)" : $"Fence and stop the primary in {fromRegion}", async () =>
            {
                await control.LosePrimaryAsync(kind, () => load.MarkPrimaryLoss(), cancellationToken);
                return null;
            });
            await Step($"Promote {toRegion}", async () =>
            {
                await control.PromoteStandbyAsync(cancellationToken);
                return null;
            });
            await Step("Wait for the first write on the new primary", async () =>
            {
                var deadline = Stopwatch.StartNew();
                while (load.RecoveredAfterMark is null)
                {
                    if (deadline.Elapsed > RecoveryTimeout)
                    {
                        throw new TimeoutException($"no write succeeded within {RecoveryTimeout.TotalSeconds:0} s of the primary's loss");
                    }

                    await Task.Delay(10, cancellationToken);
                }

                recovery = load.RecoveredAfterMark;
                return $"RTO {recovery.Value.TotalSeconds:0.000} s";
            });
            await Step("Keep writing, then stop the load", async () =>
            {
                await Task.Delay(LoadAfterRecovery, cancellationToken);
                await load.StopAsync();
                return $"{load.Acknowledged} writes acknowledged, {load.Failures} attempts failed during the failover";
            });
            await Step($"Count acknowledged writes missing on {toRegion}", async () =>
            {
                lost = await load.CountMissingAsync(appConnectionString, cancellationToken);
                return $"RPO {lost} of {load.Acknowledged} acknowledged writes lost";
            });
            await Step($"Rebuild {fromRegion} as the synchronous standby of {toRegion}", async () =>
            {
                await control.RebuildFormerPrimaryAsStandbyAsync(cancellationToken);
                return null;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = e.Message;
            LogFailed(logger, e);
        }
        finally
        {
            await load.StopAsync();
        }

        var report = new DrillReport
        {
            Id = id,
            Kind = kind == DrillKind.Crash ? "crash" : "planned",
            FromRegion = fromRegion,
            ToRegion = toRegion,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            AcknowledgedWrites = load.Acknowledged,
            LostWrites = lost,
            RecoveryMs = recovery is { } r ? (long)r.TotalMilliseconds : null,
            Succeeded = error is null && lost == 0 && recovery is not null,
            Steps = JsonSerializer.Serialize(steps, JsonOptions),
            Error = error,
        };
        await SaveAsync(report, cancellationToken);
        LogFinished(logger, report.Kind, fromRegion, toRegion, report.LostWrites, report.AcknowledgedWrites, report.RecoveryMs, report.Succeeded);
        return report;
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // Through the app role, on whichever region is primary now; a drill that broke the database
    // entirely still returns its report to the caller.
    private async Task SaveAsync(DrillReport report, CancellationToken cancellationToken)
    {
        try
        {
            await using var source = NpgsqlDataSource.Create(appConnectionString);
            await using var command = source.CreateCommand("""
                insert into platform.drill_reports
                    (id, kind, from_region, to_region, started_at, finished_at, acknowledged_writes, lost_writes, recovery_ms, succeeded, steps, error)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)
                """);
            foreach (var value in new object?[]
                     {
                         report.Id, report.Kind, report.FromRegion, report.ToRegion, report.StartedAt, report.FinishedAt,
                         report.AcknowledgedWrites, report.LostWrites, report.RecoveryMs, report.Succeeded, report.Steps, report.Error,
                     })
            {
                command.Parameters.Add(value switch
                {
                    null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                    _ => new NpgsqlParameter { Value = value },
                });
            }

            // recovery_ms is bigint: a null there must be typed as such.
            if (report.RecoveryMs is null)
            {
                command.Parameters[8] = new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint };
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogNotSaved(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DR drill: {Step}")]
    private static partial void LogStep(ILogger logger, string step);

    [LoggerMessage(Level = LogLevel.Error, Message = "DR drill failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DR drill report could not be stored")]
    private static partial void LogNotSaved(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "DR drill ({Kind}) from {From} to {To}: RPO {Lost} of {Acknowledged} acknowledged writes lost, RTO {RecoveryMs} ms, succeeded {Succeeded}")]
    private static partial void LogFinished(ILogger logger, string kind, string from, string to, long lost, long acknowledged, long? recoveryMs, bool succeeded);
}
