using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Viggotech.Core.Data;

namespace Viggotech.Core.IpRestrictions;

/// <summary>
/// The current tenant's allow list, cached per tenant for a few seconds because it is read on every
/// request. A change invalidates it at once in the instance that made it, and in every other Api
/// instance through a Redis message (<c>AllowListChanges</c> in the Api); should a message be
/// missed (Redis reconnecting), the entry still expires after <see cref="CacheLifetime"/>.
/// </summary>
public sealed class IpAllowLists(PlatformDbContext db, IMemoryCache cache)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    public async Task<IpAllowList> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = db.TenantId ?? throw new InvalidOperationException("The allow list is read inside a tenant.");
        if (cache.TryGetValue(Key(tenantId), out IpAllowList? cached) && cached is not null)
        {
            return cached;
        }

        var mode = await db.IpRestrictionSettings.AsNoTracking().Select(s => s.Mode).SingleOrDefaultAsync(cancellationToken) ?? IpRestrictionModes.Off;
        // Loaded in every mode: "Check an IP" answers from the list before it is switched on.
        var ranges = await db.IpRanges.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var list = new IpAllowList(mode, ranges
            .Select(r => (Range: r, Parsed: CidrNotation.Parse(r.Cidr).Network))
            .Where(r => r.Parsed is not null)
            .Select(r => new AllowedRange(r.Parsed!.Value, r.Range.Label))
            .ToList());
        cache.Set(Key(tenantId), list, CacheLifetime);
        return list;
    }

    public void Invalidate(Guid tenantId) => cache.Remove(Key(tenantId));

    public static string Key(Guid tenantId) => "ip-allow-list:" + tenantId.ToString("N");
}
