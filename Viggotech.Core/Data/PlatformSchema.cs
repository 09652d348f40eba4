namespace Viggotech.Core.Data;

/// <summary>
/// Schema <c>platform</c>: rows that belong to the platform rather than to any tenant (job leases,
/// probe results, replication queue, drill reports). The app role gets no default privileges
/// here, only what each table's writer needs, so a compromised service cannot rewrite history
/// such as probe results or drill reports.
/// </summary>
public static class PlatformSchema
{
    public const string Name = "platform";

    /// <summary>Grants for the app role, applied by the migration step after every migration.</summary>
    internal static readonly IReadOnlyList<string> AppGrants =
    [
        // Leases are claimed and renewed, never removed.
        "GRANT SELECT, INSERT, UPDATE ON platform.job_leases TO {0}",
        // Run history: a run is opened and then closed; nothing else may change.
        "GRANT SELECT, INSERT ON platform.job_runs TO {0}",
        "GRANT UPDATE (finished_at, outcome, error) ON platform.job_runs TO {0}",
        "GRANT SELECT, INSERT ON platform.probe_results TO {0}",
        "GRANT SELECT, INSERT, UPDATE ON platform.blob_copies TO {0}",
        "GRANT SELECT, INSERT ON platform.drill_reports TO {0}",
        "GRANT SELECT, INSERT ON platform.drill_writes TO {0}",
        // History is pruned only through this function, which never deletes recent rows.
        "GRANT EXECUTE ON FUNCTION platform.prune_history() TO {0}",
        // Alerts are raised and acknowledged; what they said is never rewritten.
        "GRANT SELECT, INSERT ON platform.operator_alerts TO {0}",
        "GRANT UPDATE (acknowledged_at, acknowledged_by) ON platform.operator_alerts TO {0}",
        // Outbox mail is queued, then marked sent or retried; what it says is never rewritten.
        "GRANT SELECT, INSERT ON platform.mail_outbox TO {0}",
        "GRANT UPDATE (attempts, next_attempt_at, sent_at, given_up_at, last_error) ON platform.mail_outbox TO {0}",
        // Who operates the platform is configuration, written by the migration step; services only read it.
        "GRANT SELECT ON platform.operators TO {0}",
        // Operators' restore requests: stored by the Api, run and reported by the Worker; who asked,
        // for what and why is never rewritten, and no request is removed.
        "GRANT SELECT, INSERT ON platform.restore_requests TO {0}",
        "GRANT UPDATE (status, stage, percent, started_at, heartbeat_at, attempts, finished_at, restore_id, sandbox_tenant_id, sandbox_slug, rows_restored, documents_restored, owner_invited_at, sandbox_owner_email, error) ON platform.restore_requests TO {0}",
    ];
}
