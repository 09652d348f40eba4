using System.Globalization;
using Npgsql;
using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>
/// A standby is reachable (whichever region it is in now) and has replayed the primary's WAL to
/// within a small margin. The hosts are those of the services' own multi-host connection string,
/// each asked for its role, so the probe follows a failover like the services do.
/// </summary>
internal sealed class ReplicaLagProbe(string appConnectionString) : IStatusProbe
{
    /// <summary>More unreplayed WAL than this and region B is not a current copy.</summary>
    public const long MaxLagBytes = 16 * 1024 * 1024;

    public StatusComponent Component => StatusComponent.DatabaseReplica;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        string? primaryLsn = null;
        string? standbyReplayLsn = null;
        foreach (var host in Hosts())
        {
            try
            {
                await using var connection = new NpgsqlConnection(host);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand(
                    "select pg_is_in_recovery(), case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end::text",
                    connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var lsn = reader.IsDBNull(1) ? null : reader.GetString(1);
                if (reader.GetBoolean(0))
                {
                    standbyReplayLsn ??= lsn;
                }
                else
                {
                    primaryLsn ??= lsn;
                }
            }
            catch (NpgsqlException)
            {
                // A host that is down is simply not the standby we are looking for.
            }
        }

        if (standbyReplayLsn is null)
        {
            throw new ProbeFailedException("no standby reachable");
        }

        if (primaryLsn is null)
        {
            throw new ProbeFailedException("no primary reachable to compare the standby with");
        }

        var bytes = Lsn(primaryLsn) - Lsn(standbyReplayLsn);
        var detail = string.Create(CultureInfo.InvariantCulture, $"replay lag {Math.Max(0, bytes)} bytes");
        return bytes <= MaxLagBytes ? detail : throw new ProbeFailedException(detail);
    }

    // One single-host connection string per host of the multi-host string.
    private IEnumerable<string> Hosts()
    {
        var template = new NpgsqlConnectionStringBuilder(appConnectionString);
        foreach (var entry in (template.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            var single = new NpgsqlConnectionStringBuilder(appConnectionString)
            {
                Host = colon > 0 ? entry[..colon] : entry,
                Port = colon > 0 ? int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture) : template.Port,
                TargetSessionAttributes = null,
                Pooling = false,
                Timeout = 5,
            };
            yield return single.ConnectionString;
        }
    }

    // "16/B374D848" is a 64-bit WAL position written as two hex halves.
    private static long Lsn(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return (long.Parse(text[..slash], NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32)
               + long.Parse(text[(slash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
