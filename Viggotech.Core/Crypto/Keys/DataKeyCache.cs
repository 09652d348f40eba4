using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// Unwrapped data keys of every tenant, kept for <see cref="CryptoOptions.KeyCacheLifetime"/>
/// from the moment they were unwrapped (absolute, so a destroyed or disabled key-encryption key
/// stops working in every process within that time). A timer drops expired keys even when
/// nothing asks for them, so idle key material does not linger.
/// </summary>
public sealed class DataKeyCache : IDisposable
{
    private readonly ConcurrentDictionary<(Guid Tenant, int Version), Entry> entries = new();
    private readonly TimeProvider time;
    private readonly TimeSpan lifetime;
    private readonly ITimer sweeper;

    public DataKeyCache(IOptions<CryptoOptions> options, TimeProvider time)
    {
        this.time = time;
        lifetime = options.Value.KeyCacheLifetime;
        var sweepEvery = lifetime <= TimeSpan.Zero ? TimeSpan.FromSeconds(30) : TimeSpan.FromTicks(Math.Clamp(lifetime.Ticks / 2, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        sweeper = time.CreateTimer(_ => Sweep(), null, sweepEvery, sweepEvery);
    }

    /// <summary>Number of keys held, for tests and metrics.</summary>
    public int Count => entries.Count;

    internal DataKeyLease? TryAcquire(Guid tenantId, int version)
    {
        if (!entries.TryGetValue((tenantId, version), out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt <= time.GetUtcNow())
        {
            Remove((tenantId, version), entry);
            return null;
        }

        return entry.Key.TryRetain() ? new DataKeyLease(entry.Key) : null;
    }

    /// <summary>Caches a freshly unwrapped key and returns a lease on it (or on the one another caller cached first).</summary>
    internal DataKeyLease Add(DataKey key)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            // Caching off: the lease is the only reference.
            return new DataKeyLease(key);
        }

        var entry = new Entry(key, time.GetUtcNow() + lifetime);
        while (true)
        {
            var existing = entries.GetOrAdd((key.TenantId, key.Version), entry);
            if (ReferenceEquals(existing, entry))
            {
                return key.TryRetain() ? new DataKeyLease(key) : throw new InvalidOperationException("A new data key was released before use.");
            }

            if (existing.Key.TryRetain())
            {
                key.Release();
                return new DataKeyLease(existing.Key);
            }

            Remove((key.TenantId, key.Version), existing);
        }
    }

    /// <summary>Forgets every key of a tenant now, in this process.</summary>
    public void EvictTenant(Guid tenantId)
    {
        foreach (var (id, entry) in entries)
        {
            if (id.Tenant == tenantId)
            {
                Remove(id, entry);
            }
        }
    }

    public void Dispose()
    {
        sweeper.Dispose();
        foreach (var (id, entry) in entries)
        {
            Remove(id, entry);
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, entry) in entries)
        {
            if (entry.ExpiresAt <= now)
            {
                Remove(id, entry);
            }
        }
    }

    private void Remove((Guid, int) id, Entry entry)
    {
        // Only the caller that takes the entry out drops the cache's reference.
        if (entries.TryRemove(new KeyValuePair<(Guid, int), Entry>(id, entry)))
        {
            entry.Key.Release();
        }
    }

    private sealed record Entry(DataKey Key, DateTimeOffset ExpiresAt);
}
