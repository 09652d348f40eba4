using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Export;

/// <summary>
/// Streams the current tenant's audit trail as an export bundle (docs/audit-format.md §6): the
/// published keys, the latest prune record, then every kept event with each seal after the event
/// it ends at, then the trailer. One read-only snapshot, so events appended meanwhile are either
/// wholly in or wholly out; rows are streamed from the database to the output, never held.
/// </summary>
public sealed class AuditExport(PlatformDbContext db, ITenantContext tenant, TimeProvider time)
{
    public Task<AuditBundleTrailer> WriteBundleAsync(Stream output, bool compress = false, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("An audit export is of one tenant: enter it first.");
        // Through the execution strategy (EF refuses queries in a bare transaction while retries
        // are on), but a retry is only safe before anything reached the output.
        var writing = false;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            if (writing)
            {
                throw new IOException("The database connection failed while the export was being written; the bundle is incomplete.");
            }
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await using (var readOnly = db.CreateCommand("set transaction read only"))
            {
                await readOnly.ExecuteNonQueryAsync(ct);
            }

            using var keys = await db.LoadAuditKeysAsync(ct);
            var pruned = await LatestPruneRecordAsync(tenantId, ct);
            var prunedThrough = pruned?.Record.Last ?? 0;
            var seals = await SealsAsync(tenantId, prunedThrough, ct);

            writing = true;
            var trailer = await WriteAsync(output, compress, tenantId, keys, pruned, seals, ct);
            await transaction.CommitAsync(ct);
            return trailer;
        }, cancellationToken);
    }

    private async Task<AuditBundleTrailer> WriteAsync(
        Stream output, bool compress, Guid tenantId, AuditKeySet keys, SignedAuditPruneRecord? pruned, List<SignedAuditSeal> seals, CancellationToken cancellationToken)
    {
        await using var writer = new AuditBundleWriter(output, compress, leaveOpen: true);
        await writer.WriteHeaderAsync(new AuditBundleHeader(tenantId.ToString(), time.GetUtcNow()), cancellationToken);
        if (keys.Count > 0)
        {
            await writer.WriteKeysAsync(keys, cancellationToken);
        }
        if (pruned is not null)
        {
            await writer.WritePrunedAsync(pruned, cancellationToken);
        }

        var nextSeal = 0;
        await using (var events = db.CreateCommand(
            "select seq, hash, canonical from audit_events where tenant_id = $1 and seq > $2 order by seq",
            new NpgsqlParameter<Guid> { TypedValue = tenantId }, new NpgsqlParameter<long> { TypedValue = pruned?.Record.Last ?? 0 }))
        await using (var reader = await events.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var sequence = reader.GetInt64(0);
                var hash = new AuditHash(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken));
                await writer.WriteStoredEventAsync(sequence, await reader.GetFieldValueAsync<byte[]>(2, cancellationToken), hash, cancellationToken);
                for (; nextSeal < seals.Count && seals[nextSeal].Seal.Last <= sequence; nextSeal++)
                {
                    await writer.WriteSealAsync(seals[nextSeal], cancellationToken);
                }
            }
        }
        // Seals past the last stored event are written too: the verifier reports what they cover as missing.
        for (; nextSeal < seals.Count; nextSeal++)
        {
            await writer.WriteSealAsync(seals[nextSeal], cancellationToken);
        }
        return await writer.CompleteAsync(cancellationToken);
    }

    private async Task<SignedAuditPruneRecord?> LatestPruneRecordAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var latest = await db.AuditPruneRecords.AsNoTracking()
            .Where(r => r.TenantId == tenantId)
            .OrderByDescending(r => r.LastSeq)
            .FirstOrDefaultAsync(cancellationToken);
        return latest?.ToSigned();
    }

    // Seals are few (one per tenant per sealing interval), so they are read ahead of the event stream.
    private async Task<List<SignedAuditSeal>> SealsAsync(Guid tenantId, long after, CancellationToken cancellationToken)
    {
        var rows = await db.AuditSeals.AsNoTracking()
            .Where(s => s.TenantId == tenantId && s.LastSeq > after)
            .OrderBy(s => s.LastSeq)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => s.ToSigned())];
    }
}
