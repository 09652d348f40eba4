using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>How long unwrapped keys stay in memory, on a fake clock.</summary>
public sealed class DataKeyCacheTests
{
    private readonly FakeTimeProvider time = new();
    private readonly Guid tenantId = Guid.NewGuid();

    [Fact]
    public void A_key_is_served_from_the_cache_until_its_lifetime_from_unwrapping_ends()
    {
        using var cache = Cache(TimeSpan.FromMinutes(5));
        cache.Add(NewKey(1)).Dispose();

        time.Advance(TimeSpan.FromMinutes(4));
        using (var hit = cache.TryAcquire(tenantId, 1))
        {
            Assert.NotNull(hit);
        }

        // Absolute, not sliding: the use a minute ago did not extend it.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(cache.TryAcquire(tenantId, 1));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_sweep_drops_expired_keys_nobody_asks_for()
    {
        using var cache = Cache(TimeSpan.FromMinutes(5));
        cache.Add(NewKey(1)).Dispose();
        cache.Add(NewKey(2)).Dispose();

        time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_lease_taken_before_expiry_keeps_working_and_the_key_is_wiped_when_it_ends()
    {
        using var cache = Cache(TimeSpan.FromMinutes(5));
        var lease = cache.Add(NewKey(1));
        var key = lease.Key;

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, cache.Count);
        var cipher = lease.RentFieldCipher();
        lease.ReturnFieldCipher(cipher);
        Assert.False(key.IndexKey.ToArray().All(b => b == 0));

        lease.Dispose();
        Assert.True(key.IndexKey.ToArray().All(b => b == 0));
        Assert.False(key.TryRetain());
    }

    [Fact]
    public void Evicting_a_tenant_forgets_only_its_keys()
    {
        using var cache = Cache(TimeSpan.FromMinutes(5));
        var other = new DataKey(Guid.NewGuid(), 1, RandomNumberGenerator.GetBytes(32));
        cache.Add(NewKey(1)).Dispose();
        cache.Add(other).Dispose();

        cache.EvictTenant(tenantId);

        Assert.Null(cache.TryAcquire(tenantId, 1));
        using var kept = cache.TryAcquire(other.TenantId, 1);
        Assert.NotNull(kept);
    }

    [Fact]
    public void With_a_zero_lifetime_nothing_is_kept()
    {
        using var cache = Cache(TimeSpan.Zero);
        using (var lease = cache.Add(NewKey(1)))
        {
            Assert.Equal(1, lease.Version);
        }

        Assert.Null(cache.TryAcquire(tenantId, 1));
    }

    private DataKeyCache Cache(TimeSpan lifetime) => new(Options.Create(new CryptoOptions { KeyCacheLifetime = lifetime }), time);

    private DataKey NewKey(int version) => new(tenantId, version, RandomNumberGenerator.GetBytes(32));
}
