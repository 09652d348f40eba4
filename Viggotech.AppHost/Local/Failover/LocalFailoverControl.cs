using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Npgsql;
using Viggotech.Core.Continuity.Drills;

namespace Viggotech.AppHost.Local.Failover;

/// <summary>
/// Failover of the local clusters, which the AppHost owns: it can signal their processes, run
/// their init script and restart their resources. The topology file is updated at the moment the
/// old primary is fenced, so even an AppHost that dies mid-drill restarts into the new roles.
/// </summary>
internal sealed partial class LocalFailoverControl(
    LocalContext local,
    PostgresTopology topology,
    DistributedApplicationModel model,
    ResourceCommandService commands,
    ResourceNotificationService notifications,
    ILogger logger) : IDatabaseFailoverControl
{
    private static readonly TimeSpan StandbyTimeout = TimeSpan.FromSeconds(90);

    public string PrimaryRegion => topology.Primary.Region;

    public string StandbyRegion => topology.Standby.Region;

    public async Task VerifyStandbyIsSynchronousAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await IsSynchronousStandbyStreamingAsync(topology.Primary, cancellationToken))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"{topology.Standby.Region} is not a streaming synchronous standby of {topology.Primary.Region}; a failover now could lose writes");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task LosePrimaryAsync(DrillKind kind, Action primaryLost, CancellationToken cancellationToken)
    {
        var old = topology.Primary;
        var successor = topology.Standby;
        var postmaster = PostgresProcess.PostmasterPid(old.DataPath)
            ?? throw new InvalidOperationException($"the primary in {old.Region} is not running");

        if (kind == DrillKind.Crash)
        {
            var killed = PostgresProcess.KillTree(postmaster);
            // Only now can no process of the old primary acknowledge a write; a write begun while
            // its backends were still being signalled may legitimately have committed there.
            primaryLost();
            topology.MarkPrimary(successor);
            await PostgresProcess.WaitForExitAsync(killed, TimeSpan.FromSeconds(10), cancellationToken);
            LogKilled(logger, old.Region, killed.Count);
            return;
        }

        topology.MarkPrimary(successor);
        // Fence: no new transaction may write, and no session that could is left open.
        await using (var connection = await OpenAsync(old, cancellationToken))
        {
            await ExecuteAsync(connection, "alter system set default_transaction_read_only = on", cancellationToken);
            await ExecuteAsync(connection, "select pg_reload_conf()", cancellationToken);
            await ExecuteAsync(connection,
                "select pg_terminate_backend(pid) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
                cancellationToken);
        }

        primaryLost();
        await RunAsync(AsPostgres(Path.Combine(local.PostgresBin, "pg_ctl"), "stop", "-D", old.DataPath, "-m", "fast", "-w", "-t", "60"), null, cancellationToken);
        await PostgresProcess.WaitForExitAsync([postmaster], TimeSpan.FromSeconds(30), cancellationToken);
    }

    public async Task PromoteStandbyAsync(CancellationToken cancellationToken)
    {
        var standby = topology.Primary;
        await using var connection = await OpenAsync(standby, cancellationToken);
        // Before promotion, so the first commit on the new primary does not wait for a standby that does not exist yet.
        await ExecuteAsync(connection, "alter system set synchronous_standby_names = ''", cancellationToken);
        // The slot the rebuilt standby will use, created while this node is still in recovery: it then
        // reserves WAL from the last restartpoint, before the point where the timelines part. Created
        // after promotion, it would reserve only from then on, and the promotion's checkpoints may
        // already have recycled the segment the former primary must stream from; it would then
        // never catch up ("requested WAL segment has already been removed").
        await using (var slot = new NpgsqlCommand(
            """
            select pg_create_physical_replication_slot($1, true)
            where not exists (select 1 from pg_replication_slots where slot_name = $1)
            """,
            connection))
        {
            slot.Parameters.Add(new NpgsqlParameter { Value = LocalPostgres.StandbySlot });
            await slot.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, "select pg_reload_conf()", cancellationToken);
        await using var promote = new NpgsqlCommand("select pg_promote(wait => true, wait_seconds => 30)", connection);
        if (await promote.ExecuteScalarAsync(cancellationToken) is not true)
        {
            throw new InvalidOperationException($"{standby.Region} did not finish promotion within 30 s");
        }
    }

    public async Task RebuildFormerPrimaryAsStandbyAsync(CancellationToken cancellationToken)
    {
        var former = topology.Standby;
        var primary = topology.Primary;
        var resource = model.Resources.Single(r => r.Name == former.Resource);
        await notifications.WaitForResourceAsync(former.Resource,
            [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart], cancellationToken);

        var environment = new Dictionary<string, string>(LocalPostgres.InitEnvironment(local, former))
        {
            ["PG_PRIMARY_PORT"] = primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await RunAsync(new ProcessStartInfo("bash") { ArgumentList = { LocalPostgres.InitScript, "standby" } }, environment, cancellationToken);

        var started = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!started.Success)
        {
            throw new InvalidOperationException($"{former.Resource} did not start: {started.Message}");
        }

        // The snapshot still shows the exited process until the new one runs.
        await notifications.WaitForResourceAsync(former.Resource, KnownResourceStates.Running, cancellationToken);
        await notifications.WaitForResourceHealthyAsync(former.Resource, cancellationToken);
        var clock = Stopwatch.StartNew();
        while (!await IsSynchronousStandbyStreamingAsync(primary, cancellationToken))
        {
            if (clock.Elapsed > StandbyTimeout)
            {
                throw new TimeoutException($"{former.Region} did not become the synchronous standby within {StandbyTimeout.TotalSeconds:0} s; {await DescribeReplicationAsync(primary, former, cancellationToken)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    // What an operator needs to see when a standby does not catch up: the primary's view of its
    // senders and the standby's view of its receiver.
    private async Task<string> DescribeReplicationAsync(PostgresNode primary, PostgresNode standby, CancellationToken cancellationToken)
    {
        var primaryView = await DescribeAsync(primary,
            """
            select coalesce(string_agg(format('%s %s/%s sent %s flushed %s', application_name, state, sync_state, sent_lsn, flush_lsn), '; '), 'no senders')
                   || format(' (current %s, timeline %s, synchronous_standby_names=%L)', pg_current_wal_lsn(),
                             (select timeline_id from pg_control_checkpoint()), current_setting('synchronous_standby_names'))
            from pg_stat_replication
            """,
            cancellationToken);
        var standbyView = await DescribeAsync(standby,
            """
            select format('in recovery %s, receiver %s, ', pg_is_in_recovery(), coalesce(
                   (select format('%s timeline %s flushed %s', status, received_tli, flushed_lsn) from pg_stat_wal_receiver), 'not running'))
                   || format('replayed %s', pg_last_wal_replay_lsn())
            """,
            cancellationToken);
        return $"{primary.Region}: {primaryView}; {standby.Region}: {standbyView}";
    }

    private async Task<string> DescribeAsync(PostgresNode node, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(node, cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            return (await command.ExecuteScalarAsync(cancellationToken))?.ToString() ?? "no answer";
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return $"unreachable ({error.Message})";
        }
    }

    private async Task<bool> IsSynchronousStandbyStreamingAsync(PostgresNode primary, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(primary, cancellationToken);
        // Streaming and synchronous is not enough: a standby on a diverged timeline reconnects in a
        // loop and shows both for a moment. It must also have flushed everything the primary wrote.
        await using var command = new NpgsqlCommand(
            """
            select count(*) from pg_stat_replication
            where application_name = $1 and state = 'streaming' and sync_state = 'sync' and flush_lsn >= pg_current_wal_lsn()
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = LocalPostgres.StandbyName });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private async Task<NpgsqlConnection> OpenAsync(PostgresNode node, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(LocalPostgres.SuperuserConnectionString(local, node));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ProcessStartInfo AsPostgres(string tool, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : tool);
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", tool })
            {
                startInfo.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private async Task RunAsync(ProcessStartInfo startInfo, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {startInfo.FileName}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await error).Trim();
        LogTool(logger, Path.GetFileName(startInfo.ArgumentList.LastOrDefault(a => a.EndsWith(".sh", StringComparison.Ordinal)) ?? startInfo.FileName), text);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{startInfo.FileName} exited with {process.ExitCode}: {string.Join(" | ", text.Split('\n').TakeLast(3))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed the primary in {Region} ({Count} processes)")]
    private static partial void LogKilled(ILogger logger, string region, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: {Output}")]
    private static partial void LogTool(ILogger logger, string tool, string output);
}
