using System.Security.Cryptography;
using StackExchange.Redis;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Access;

/// <summary>
/// One random stamp per tenant in Redis, replaced after every role change. Cached permissions are
/// valid only under the stamp they were read with, so a change applies on the next request of every
/// Api instance. A stamp that is missing (Redis emptied) gets a fresh random one, which no cache
/// entry can match.
/// </summary>
public sealed class AccessStamps(IConnectionMultiplexer redis) : IAccessChanges
{
    public async Task<string> CurrentAsync(Guid tenantId)
    {
        var db = redis.GetDatabase();
        var stamp = await db.StringGetAsync(Key(tenantId));
        if (!stamp.IsNullOrEmpty)
        {
            return stamp.ToString();
        }

        await db.StringSetAsync(Key(tenantId), NewStamp(), when: When.NotExists);
        return (await db.StringGetAsync(Key(tenantId))).ToString();
    }

    public Task ChangedAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        redis.GetDatabase().StringSetAsync(Key(tenantId), NewStamp());

    private static string Key(Guid tenantId) => $"access-stamp:{tenantId:N}";

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
