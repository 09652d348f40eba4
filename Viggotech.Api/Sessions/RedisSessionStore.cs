using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;

namespace Viggotech.Api.Sessions;

/// <summary>
/// Sessions in Redis: one key per session (expiring at its absolute end) and one set of session ids
/// per user. Idle and absolute limits are checked on every read against <see cref="TimeProvider"/>,
/// so a session past either is gone on its next request. Redis errors are not caught here: callers
/// fail closed (503), never open.
/// </summary>
public sealed class RedisSessionStore(IConnectionMultiplexer redis, TimeProvider clock) : ISessionStore
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private IDatabase Db => redis.GetDatabase();

    public async Task<SessionRecord> CreateAsync(SessionStart start, CancellationToken cancellationToken = default)
    {
        var limits = start.Limits;
        if (limits.MaxPerUser is { } max)
        {
            var existing = await ListForUserAsync(start.TenantId, start.UserId, cancellationToken);
            if (existing.Count >= max)
            {
                if (limits.RefuseNew)
                {
                    throw new SessionLimitReachedException();
                }

                foreach (var oldest in existing.OrderBy(s => s.CreatedAt).Take(existing.Count - max + 1))
                {
                    await RemoveAsync(oldest.Id, cancellationToken);
                }
            }
        }

        var now = clock.GetUtcNow();
        var (device, browser) = UserAgentSummary.Parse(start.UserAgent);
        var session = new SessionRecord(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), start.UserId, start.TenantId, now, now,
            start.IpAddress, Truncate(start.UserAgent, 512), start.MfaMethod, device, browser, limits.Idle, now + limits.Absolute);
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(SessionKey(session.Id), JsonSerializer.Serialize(session), limits.Absolute);
        _ = transaction.SetAddAsync(UserKey(start.TenantId, start.UserId), session.Id);
        _ = transaction.KeyExpireAsync(UserKey(start.TenantId, start.UserId), limits.Absolute, ExpireWhen.GreaterThanCurrentExpiry);
        _ = transaction.KeyExpireAsync(UserKey(start.TenantId, start.UserId), limits.Absolute, ExpireWhen.HasNoExpiry);
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
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var session = JsonSerializer.Deserialize<SessionRecord>(value.ToString());
        if (session is null || !session.IsLive(clock.GetUtcNow()))
        {
            // Idle too long or past its end: it ends now, for every later request too.
            await Db.KeyDeleteAsync(SessionKey(sessionId));
            return null;
        }

        return session;
    }

    public async Task TouchAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt < TouchInterval)
        {
            return;
        }

        // Only over the record as it was read, so a policy tightened meanwhile is never written back
        // to the old limits (a skipped touch is retried on the next request). KeepTtl: activity never
        // extends the absolute lifetime.
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(SessionKey(session.Id), JsonSerializer.Serialize(session)));
        _ = transaction.StringSetAsync(SessionKey(session.Id), JsonSerializer.Serialize(session with { LastSeenAt = now }), expiry: null, keepTtl: true, when: When.Exists);
        await transaction.ExecuteAsync();
    }

    public async Task<int> ApplyLimitsAsync(Guid tenantId, Guid userId, SessionLimits limits, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var live = new List<SessionRecord>();
        var ended = 0;
        foreach (var session in await ListForUserAsync(tenantId, userId, cancellationToken))
        {
            var tightened = session.Tightened(limits);
            if (tightened == session)
            {
                live.Add(session);
                continue;
            }

            var remaining = tightened.ExpiresAt!.Value - now;
            if (remaining <= TimeSpan.Zero)
            {
                ended += await RemoveAsync(session.Id, cancellationToken) ? 1 : 0;
                continue;
            }

            // Idle and absolute limits are checked on the session's next read, like any other expiry.
            await Db.StringSetAsync(SessionKey(session.Id), JsonSerializer.Serialize(tightened), remaining, when: When.Exists);
            live.Add(tightened);
        }

        if (limits.MaxPerUser is { } max && live.Count > max)
        {
            // "End the oldest" keeps the newest sessions; "refuse new" keeps the ones that were there first.
            var ordered = limits.RefuseNew ? live.OrderByDescending(s => s.CreatedAt) : live.OrderBy(s => s.CreatedAt);
            foreach (var extra in ordered.Take(live.Count - max))
            {
                ended += await RemoveAsync(extra.Id, cancellationToken) ? 1 : 0;
            }
        }

        return ended;
    }

    public async Task<IReadOnlyList<SessionRecord>> ListForUserAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default)
    {
        var ids = await Db.SetMembersAsync(UserKey(tenantId, userId));
        var sessions = new List<SessionRecord>();
        foreach (var id in ids)
        {
            if (await GetAsync(id.ToString(), cancellationToken) is { } session && session.TenantId == tenantId && session.UserId == userId)
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
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64)
        {
            return false;
        }

        var value = await Db.StringGetAsync(SessionKey(sessionId));
        if (value.IsNullOrEmpty || JsonSerializer.Deserialize<SessionRecord>(value.ToString()) is not { } session)
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
