using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;

namespace Viggotech.Api.Sessions;

public sealed class RedisSessionStore(IConnectionMultiplexer redis, TimeProvider clock) : ISessionStore
{
    /// <summary>Absolute lifetime of a session until tenant policy sets its own.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private IDatabase Db => redis.GetDatabase();

    public async Task<SessionRecord> CreateAsync(SessionStart start, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var session = new SessionRecord(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), start.UserId, start.TenantId, now, now,
            start.IpAddress, Truncate(start.UserAgent, 512), start.MfaMethod);
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(SessionKey(session.Id), JsonSerializer.Serialize(session), Lifetime);
        _ = transaction.SetAddAsync(UserKey(start.TenantId, start.UserId), session.Id);
        _ = transaction.KeyExpireAsync(UserKey(start.TenantId, start.UserId), Lifetime);
        await transaction.ExecuteAsync();
        return session;
    }

    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64)
        {
            return null;
        }

        var value = await Db.StringGetAsync(SessionKey(sessionId));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SessionRecord>(value.ToString());
    }

    public async Task TouchAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt < TouchInterval)
        {
            return;
        }

        // KeepTtl: activity never extends the absolute lifetime.
        await Db.StringSetAsync(SessionKey(session.Id), JsonSerializer.Serialize(session with { LastSeenAt = now }), expiry: null, keepTtl: true, when: When.Exists);
    }

    public async Task<IReadOnlyList<SessionRecord>> ListForUserAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default)
    {
        var ids = await Db.SetMembersAsync(UserKey(tenantId, userId));
        var sessions = new List<SessionRecord>();
        foreach (var id in ids)
        {
            if (await GetAsync(id.ToString(), cancellationToken) is { } session)
            {
                sessions.Add(session);
            }
            else
            {
                await Db.SetRemoveAsync(UserKey(tenantId, userId), id);
            }
        }

        return sessions.OrderByDescending(s => s.LastSeenAt).ToList();
    }

    public async Task<bool> RemoveAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(sessionId, cancellationToken) is not { } session)
        {
            return false;
        }

        await Db.SetRemoveAsync(UserKey(session.TenantId, session.UserId), sessionId);
        return await Db.KeyDeleteAsync(SessionKey(sessionId));
    }

    public async Task<int> RemoveAllForUserAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default)
    {
        var ids = await Db.SetMembersAsync(UserKey(tenantId, userId));
        var keys = ids.Select(id => (RedisKey)SessionKey(id.ToString())).ToArray();
        var removed = keys.Length == 0 ? 0 : await Db.KeyDeleteAsync(keys);
        await Db.KeyDeleteAsync(UserKey(tenantId, userId));
        return (int)removed;
    }

    private static string SessionKey(string id) => $"session:{id}";

    private static string UserKey(Guid tenantId, Guid userId) => $"user-sessions:{tenantId:N}:{userId:N}";

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
