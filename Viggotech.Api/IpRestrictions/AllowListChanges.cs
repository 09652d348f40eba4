using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;
using Viggotech.Core.IpRestrictions;

namespace Viggotech.Api.IpRestrictions;

/// <summary>
/// Tells every Api instance that a tenant's allow list changed, so each drops its cached copy at
/// once instead of enforcing the old list until the cache entry expires. The message carries only
/// the tenant id; each instance reads the list again from the database.
/// </summary>
public sealed partial class AllowListChanges(IConnectionMultiplexer redis, IMemoryCache cache, ILogger<AllowListChanges> logger) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("ip-allow-list-changed");

    public async Task PublishAsync(Guid tenantId)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, tenantId.ToString("N"));
        }
        catch (RedisException e)
        {
            // The change is saved; other instances follow when their cached copy expires.
            LogPublishFailed(logger, e);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // StackExchange.Redis subscribes again by itself after a reconnect.
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
            {
                if (Guid.TryParseExact(message.ToString(), "N", out var tenantId))
                {
                    cache.Remove(IpAllowLists.Key(tenantId));
                }
            });
        }
        catch (RedisException e)
        {
            LogSubscribeFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce an allow list change; other Api instances follow within the cache lifetime")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to allow list changes; cached lists expire within the cache lifetime")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
