using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Export;

/// <summary>
/// The pull feed for SIEMs: the current tenant's events after a cursor (a sequence number), in
/// order, as stored (canonical JSON and hash), so a collector can check the chain as it reads.
/// The cursor of the next page is the last sequence returned; polling with it never skips or
/// repeats an event, since events are only ever appended.
/// </summary>
public sealed class AuditEventFeed(PlatformDbContext db, ITenantContext tenant)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const string AfterField = "after";
    public const string LimitField = "limit";

    /// <exception cref="AuditValidationException">A negative cursor or a limit outside 1..1000.</exception>
    public async Task<AuditFeedPage> ReadAsync(long after, int limit = DefaultLimit, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (after < 0)
        {
            errors[AfterField] = ["The cursor is a sequence number: 0 or more."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors[LimitField] = [$"Ask for 1 to {MaxLimit} events at a time."];
        }
        if (errors.Count > 0)
        {
            throw new AuditValidationException(errors);
        }
        _ = tenant.TenantId ?? throw new InvalidOperationException("The audit feed is a tenant's: enter the tenant first.");

        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Seq > after)
            .OrderBy(e => e.Seq)
            .Take(limit)
            .Select(e => new AuditFeedEvent(e.Seq, e.Hash, e.Canonical))
            .ToListAsync(cancellationToken);
        var prunedThrough = await db.AuditPruneRecords.Select(p => (long?)p.LastSeq).MaxAsync(cancellationToken) ?? 0;
        var sealedThrough = await db.AuditSeals.Select(s => (long?)s.LastSeq).MaxAsync(cancellationToken) ?? prunedThrough;
        return new AuditFeedPage(events, events.Count > 0 ? events[^1].Seq : after, prunedThrough, sealedThrough);
    }
}
