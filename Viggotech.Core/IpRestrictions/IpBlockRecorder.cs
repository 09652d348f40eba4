using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;

namespace Viggotech.Core.IpRestrictions;

/// <summary>
/// Records refused and would-be-refused addresses in <c>ip_blocked_attempts</c> and the audit trail.
/// One record per address, channel and minute: a blocked client retrying in a loop must not turn the
/// trail into a denial of service of its own.
/// </summary>
public sealed class IpBlockRecorder(PlatformDbContext db, IAuditTrail audit, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(1);

    public async Task RecordAsync(IPAddress? address, string channel, bool enforced, Guid? userId, CancellationToken cancellationToken = default)
    {
        var tenantId = db.TenantId ?? throw new InvalidOperationException("Blocked attempts are recorded inside a tenant.");
        var ip = address is null ? "unknown" : CidrNotation.Normalize(address).ToString();
        var key = $"ip-block:{tenantId:N}:{ip}:{channel}:{enforced}";
        if (cache.TryGetValue(key, out _))
        {
            return;
        }

        cache.Set(key, true, RepeatWindow);
        await db.InTransactionAsync(async ct =>
        {
            var attempt = new IpBlockedAttempt
            {
                Id = Guid.CreateVersion7(), TenantId = tenantId, OccurredAt = clock.GetUtcNow(), IpAddress = ip, UserId = userId, Channel = channel, Enforced = enforced,
            };
            db.IpBlockedAttempts.Add(attempt);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(
                enforced ? AuditActions.IpBlocked : AuditActions.IpWouldBlock,
                new AuditTarget("ip_address", ip),
                AuditResult.Denied,
                new Dictionary<string, string> { ["channel"] = channel },
                ct);
        }, cancellationToken);
    }
}
