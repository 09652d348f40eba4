using System.Data;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Sealing;

/// <summary>
/// Seals the current tenant's new events: checks every event since the last seal (its hash over
/// its stored canonical JSON, its place and its link), then signs a seal up to the last event
/// that checks out. An event that does not is never sealed over; the problem is logged, and the
/// export shows it to the customer's verifier.
/// </summary>
public sealed partial class TenantAuditSealer(PlatformDbContext db, ITenantContext tenant, TimeProvider time, ILogger<TenantAuditSealer> logger)
{
    private const string Events =
        "select seq, prev_hash, hash, canonical from audit_events where tenant_id = $1 and seq > $2 order by seq";

    /// <returns>The new seal, or null when there was nothing to seal (or another sealer is at it).</returns>
    public Task<SignedAuditSeal?> SealAsync(IAuditSigner signer, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Sealing is per tenant: enter the tenant first.");
        return db.InTransactionAsync<SignedAuditSeal?>(async ct =>
        {
            // Two Worker instances sealing one tenant at once would race for the same range.
            var locked = await db.Database
                .SqlQuery<bool>($"select pg_try_advisory_xact_lock(hashtextextended({"audit-seal:" + tenantId}, 0)) as \"Value\"")
                .SingleAsync(ct);
            if (!locked)
            {
                return null;
            }

            var (point, sealedHead) = await SealPointAsync(tenantId, ct);
            var head = await LastIntactEventAsync(tenantId, sealedHead, ct);
            if (head.Sequence <= point.Last)
            {
                return null;
            }

            var signed = await new AuditSealer(signer, time).SealAsync(tenantId.ToString(), point, head, ct);
            db.AuditSeals.Add(StoredAuditSeal.From(tenantId, signed));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            return signed;
        }, cancellationToken);
    }

    /// <summary>Where the seal chain ends (the last seal, else the prune record standing in for removed ones) and the chain head there.</summary>
    private async Task<(AuditSealPoint Point, AuditChainHead Head)> SealPointAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var seal = await db.AuditSeals.AsNoTracking().Where(s => s.TenantId == tenantId)
            .OrderByDescending(s => s.LastSeq).FirstOrDefaultAsync(cancellationToken);
        if (seal is not null)
        {
            return (new AuditSealPoint(seal.LastSeq, new AuditHash(seal.SealHash)), new AuditChainHead(seal.LastSeq, new AuditHash(seal.LastHash)));
        }
        var pruned = await db.AuditPruneRecords.AsNoTracking().Where(p => p.TenantId == tenantId)
            .OrderByDescending(p => p.LastSeq).FirstOrDefaultAsync(cancellationToken);
        return pruned is null
            ? (AuditSealPoint.Genesis, AuditChainHead.Genesis)
            : (new AuditSealPoint(pruned.LastSeq, new AuditHash(pruned.SealHash)), new AuditChainHead(pruned.LastSeq, new AuditHash(pruned.LastHash)));
    }

    private async Task<AuditChainHead> LastIntactEventAsync(Guid tenantId, AuditChainHead head, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Events,
            new NpgsqlParameter<Guid> { TypedValue = tenantId }, new NpgsqlParameter<long> { TypedValue = head.Sequence });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            var previous = new AuditHash(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken));
            var recorded = new AuditHash(await reader.GetFieldValueAsync<byte[]>(2, cancellationToken));
            var canonical = await reader.GetFieldValueAsync<byte[]>(3, cancellationToken);
            var problem = Check(head, sequence, previous, recorded, canonical);
            if (problem is not null)
            {
                LogBrokenChain(logger, tenantId, sequence, problem);
                break;
            }
            head = new AuditChainHead(sequence, recorded);
        }
        return head;
    }

    private static string? Check(AuditChainHead head, long sequence, AuditHash previous, AuditHash recorded, byte[] canonical)
    {
        if (sequence != head.Sequence + 1)
        {
            return $"expected event {head.Sequence + 1} next";
        }
        if (previous != head.Hash)
        {
            return "its previous hash is not the hash of the event before it";
        }
        if (AuditHash.Of(canonical) != recorded)
        {
            return "its content does not match its recorded hash";
        }
        // The columns must say what the hashed JSON says, or the export would tell another story.
        try
        {
            using var json = JsonDocument.Parse(canonical);
            var root = json.RootElement;
            if (root.GetProperty("seq").GetInt64() != sequence || root.GetProperty("prev").GetString() != previous.ToString())
            {
                return "its stored JSON names another place in the chain";
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return "its stored JSON is not an event";
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Audit chain of tenant {TenantId} is broken at event {Sequence}: {Problem}. Sealing stops before it.")]
    private static partial void LogBrokenChain(ILogger logger, Guid tenantId, long sequence, string problem);
}
