using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Retention;

/// <summary>
/// Applies the current tenant's retention: removes the longest run of whole sealed segments, from
/// the start of the chain, in which every event is older than the retention, and leaves a signed
/// prune record so the rest still verifies. The removal itself happens in the database function
/// <c>audit_prune</c>, which checks the same rules again as the table owner; the app role has no
/// other way to delete evidence. The run is recorded as <c>audit.prune</c> in the tenant's trail.
/// </summary>
public sealed class TenantAuditPruner(PlatformDbContext db, ITenantContext tenant, IAuditTrail audit, TimeProvider time)
{
    /// <returns>What was pruned, or null when no whole sealed segment is past retention.</returns>
    public Task<AuditPruneOutcome?> PruneAsync(IAuditSigner signer, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Retention is per tenant: enter the tenant first.");
        return db.InTransactionAsync<AuditPruneOutcome?>(async ct =>
        {
            // The same lock as sealing: a prune never runs into a seal being added.
            var locked = await db.Database
                .SqlQuery<bool>($"select pg_try_advisory_xact_lock(hashtextextended({"audit-seal:" + tenantId}, 0)) as \"Value\"")
                .SingleAsync(ct);
            if (!locked)
            {
                return null;
            }

            var days = (await db.AuditSettings.AsNoTracking().FirstOrDefaultAsync(ct))?.RetentionDays ?? AuditRetentionPeriod.DefaultDays;
            var prunedThrough = await db.AuditPruneRecords.Select(p => (long?)p.LastSeq).MaxAsync(ct) ?? 0;
            // Event times come from the features, not the sequence, so "old" is decided per event:
            // the first event still within retention bounds what may go.
            var firstKept = await db.Database.SqlQuery<long?>(
                $"select min(seq) as \"Value\" from audit_events where tenant_id = {tenantId} and time >= now() - make_interval(days => {days})")
                .SingleAsync(ct);
            var seal = await db.AuditSeals.AsNoTracking()
                .Where(s => s.LastSeq > prunedThrough && (firstKept == null || s.LastSeq < firstKept))
                .OrderByDescending(s => s.LastSeq)
                .FirstOrDefaultAsync(ct);
            if (seal is null)
            {
                return null;
            }

            var pruned = await new AuditSealer(signer, time).RecordPruneAsync(seal.ToSigned().Seal, ct);
            var record = pruned.Record;
            var removed = await db.Database.SqlQuery<long>(
                $"select audit_prune({record.Last}, {record.PrunedAt}, {record.KeyId}, {pruned.Signature}) as \"Value\"")
                .SingleAsync(ct);
            await audit.RecordAsync(AuditActions.AuditPrune, new AuditTarget("audit_trail", tenantId.ToString()), details: new Dictionary<string, string>
            {
                ["through"] = record.Last.ToString(CultureInfo.InvariantCulture),
                ["removed"] = removed.ToString(CultureInfo.InvariantCulture),
                ["retentionDays"] = days.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
            return new AuditPruneOutcome(pruned, removed);
        }, cancellationToken);
    }
}
