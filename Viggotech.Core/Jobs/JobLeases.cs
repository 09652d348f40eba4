using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Jobs;

/// <summary>
/// Coordinates recurring jobs between Worker instances through <c>platform.job_leases</c>. Every
/// decision is one conditional statement judged by the database clock, so two instances can never
/// both believe they hold a job, and a job's next run is claimed by exactly one of them.
/// </summary>
public sealed class JobLeases(PlatformDbContext db)
{
    /// <summary>
    /// Takes the lease when it is free or expired, or renews it when <paramref name="holder"/>
    /// already holds it. Returns how long until the job is next due, or null when another
    /// instance holds the lease.
    /// </summary>
    public async Task<TimeSpan?> TryHoldAsync(string job, string holder, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var due = await db.Database.SqlQuery<double>($"""
            INSERT INTO platform.job_leases AS lease (job_name, holder, lease_expires_at, next_run_at)
            VALUES ({job}, {holder}, clock_timestamp() + {leaseDuration}, clock_timestamp())
            ON CONFLICT (job_name) DO UPDATE
                SET holder = excluded.holder, lease_expires_at = excluded.lease_expires_at
                WHERE lease.holder = excluded.holder OR lease.lease_expires_at < clock_timestamp()
            RETURNING extract(epoch FROM lease.next_run_at - clock_timestamp())::float8 AS "Value"
            """).ToListAsync(cancellationToken);
        return due.Count == 0 ? null : TimeSpan.FromSeconds(Math.Max(0, due[0]));
    }

    /// <summary>
    /// When <paramref name="holder"/> still holds a live lease and the job is due, moves the next
    /// run one interval on and opens the run's record in the same statement, returning its id for
    /// <see cref="FinishRunAsync"/>: the caller runs the job now, and nobody else will for this
    /// interval. Null when the job is not due or the lease is not the caller's.
    /// </summary>
    public async Task<long?> TryStartRunAsync(string job, string holder, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Anchored to the schedule, not to when the poll noticed, so runs do not drift; after a
        // long gap (no instance alive) the job runs once, not once per missed interval. The run
        // record is written by the same statement, so its start time is the moment the run was
        // claimed and a claimed run is never left unrecorded.
        var started = await db.Database.SqlQuery<long>($"""
            WITH claimed AS (
            UPDATE platform.job_leases
            SET next_run_at = CASE WHEN next_run_at + {interval} > clock_timestamp()
                                   THEN next_run_at + {interval}
                                   ELSE clock_timestamp() + {interval} END,
                last_started_at = clock_timestamp()
            WHERE job_name = {job} AND holder = {holder}
              AND lease_expires_at > clock_timestamp() AND next_run_at <= clock_timestamp()
            RETURNING job_name)
            INSERT INTO platform.job_runs (job_name, holder, started_at)
            SELECT job_name, {holder}, clock_timestamp() FROM claimed
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return started.Count == 1 ? started[0] : null;
    }

    /// <summary>Lets the lease go at once (a clean shutdown), so another instance takes over without waiting for expiry.</summary>
    public Task ReleaseAsync(string job, string holder, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE platform.job_leases SET lease_expires_at = clock_timestamp()
            WHERE job_name = {job} AND holder = {holder}
            """, cancellationToken);

    public Task FinishRunAsync(long runId, string outcome, string? error, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE platform.job_runs SET finished_at = clock_timestamp(), outcome = {outcome}, error = {error}
            WHERE id = {runId}
            """, cancellationToken);
}
