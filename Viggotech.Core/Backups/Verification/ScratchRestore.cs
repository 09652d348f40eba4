using System.Security.Cryptography;
using Npgsql;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Snapshot;

namespace Viggotech.Core.Backups.Verification;

/// <summary>
/// A backup being restored into the scratch database, inside one transaction the caller rolls
/// back. As the scratch database's owner it lifts, for this transaction only, what would stand in
/// the way of putting rows back exactly as they were: forced row-level security (COPY FROM refuses
/// it) and user triggers (append-only guards, values computed on insert). Foreign keys stay on, so
/// a backup whose tables do not fit together fails.
/// </summary>
internal sealed class ScratchRestore(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId)
{
    public static TenantTable Table(BackupManifestPart part) =>
        new(part.Table ?? throw new BackupVerificationException($"part {part.Name} names no table"), part.Columns, part.KeyColumns, AppendOnly: false, References: []);

    /// <summary>Copies a table part's rows in; returns how many the stream held.</summary>
    public async Task<long> CopyInAsync(BackupManifestPart part, Stream rows, CancellationToken cancellationToken)
    {
        var table = Table(part);
        var name = $"public.{TenantTable.Quote(table.Name)}";
        await ExecuteAsync($"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY; ALTER TABLE {name} DISABLE TRIGGER USER;", cancellationToken);
        var counter = new CopyBinaryRowCounter();
        await using (var copy = await connection.BeginRawBinaryCopyAsync(table.ImportSql(), cancellationToken))
        {
            try
            {
                var buffer = new byte[128 * 1024];
                int read;
                while ((read = await rows.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    counter.Observe(buffer.AsSpan(0, read));
                    await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (!counter.Complete)
                {
                    throw new BackupVerificationException($"part {part.Name} ends before its last row");
                }
            }
            catch (Exception e) when (e is not PostgresException)
            {
                // Cancelled, so that closing the COPY does not send the half it got and report that
                // instead of why the part could not be read.
                await copy.CancelAsync();
                throw;
            }
        }

        return counter.Rows;
    }

    /// <summary>Reads the table back out exactly as the backup read it from the platform: its row count and content SHA-256.</summary>
    public async Task<(long Rows, string Sha256)> ExportAsync(BackupManifestPart part, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var counter = new CopyBinaryRowCounter();
        await using (var copy = await connection.BeginRawBinaryCopyAsync(Table(part).ExportSql(tenantId), cancellationToken))
        {
            var buffer = new byte[128 * 1024];
            int read;
            while ((read = await copy.ReadAsync(buffer, cancellationToken)) > 0)
            {
                counter.Observe(buffer.AsSpan(0, read));
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return (counter.Rows, Convert.ToHexStringLower(hash.GetCurrentHash()));
    }

    public async Task<HashSet<Guid>> DocumentIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        await using var command = new NpgsqlCommand($"SELECT id FROM public.documents WHERE tenant_id = '{tenantId:D}'", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
