using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Viggotech.Api.Sessions;

namespace Viggotech.Api.Tests.Sessions;

/// <summary>The session store against a real Redis, with a fake clock where the policy's timeouts matter.</summary>
public sealed class SessionStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private LocalRedis redis = null!;
    private ConnectionMultiplexer connection = null!;

    private RedisSessionStore Store => new(connection, clock);

    public async Task InitializeAsync()
    {
        redis = await LocalRedis.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.StoreConnectionString);
    }

    public async Task DisposeAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_session_idle_longer_than_the_policy_allows_is_gone()
    {
        var session = await Store.CreateAsync(Start(SessionLimits.Default));
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await Store.GetAsync(session.Id));
        await Store.TouchAsync((await Store.GetAsync(session.Id))!);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await Store.GetAsync(session.Id));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await Store.GetAsync(session.Id));
        Assert.Empty(await Store.ListForUserAsync(session.TenantId, session.UserId));
    }

    [Fact]
    public async Task An_active_session_still_ends_at_its_absolute_lifetime()
    {
        var session = await Store.CreateAsync(Start(SessionLimits.Default with { Absolute = TimeSpan.FromHours(2) }));
        for (var i = 0; i < 11; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Store.TouchAsync((await Store.GetAsync(session.Id))!);
        }

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(await Store.GetAsync(session.Id));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await Store.GetAsync(session.Id));
    }

    [Fact]
    public async Task Beyond_the_limit_the_oldest_session_ends_or_the_new_one_is_refused()
    {
        var endOldest = SessionLimits.Default with { MaxPerUser = 2 };
        var first = await Store.CreateAsync(Start(endOldest));
        clock.Advance(TimeSpan.FromSeconds(5));
        var second = await Store.CreateAsync(Start(endOldest, first));
        clock.Advance(TimeSpan.FromSeconds(5));
        var third = await Store.CreateAsync(Start(endOldest, first));
        Assert.Null(await Store.GetAsync(first.Id));
        Assert.Equal([third.Id, second.Id], (await Store.ListForUserAsync(first.TenantId, first.UserId)).Select(s => s.Id));

        var refuse = endOldest with { RefuseNew = true };
        await Assert.ThrowsAsync<SessionLimitReachedException>(() => Store.CreateAsync(Start(refuse, first)));
        Assert.Equal(2, (await Store.ListForUserAsync(first.TenantId, first.UserId)).Count);
    }

    [Fact]
    public async Task A_shorter_idle_timeout_ends_existing_sessions_idle_longer_than_it_on_their_next_request()
    {
        var idle = await Store.CreateAsync(Start(SessionLimits.Default));
        clock.Advance(TimeSpan.FromMinutes(20));
        var active = await Store.CreateAsync(Start(SessionLimits.Default, idle));
        var stricter = SessionLimits.Default with { Idle = TimeSpan.FromMinutes(15) };

        Assert.Equal(0, await Store.ApplyLimitsAsync(idle.TenantId, idle.UserId, stricter));
        Assert.Null(await Store.GetAsync(idle.Id));
        Assert.NotNull(await Store.GetAsync(active.Id));
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Null(await Store.GetAsync(active.Id));
    }

    [Fact]
    public async Task A_shorter_lifetime_ends_existing_sessions_at_the_new_end_however_active()
    {
        var session = await Store.CreateAsync(Start(SessionLimits.Default));
        for (var i = 0; i < 9; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Store.TouchAsync((await Store.GetAsync(session.Id))!);
        }

        var younger = await Store.CreateAsync(Start(SessionLimits.Default, session));

        // The older session is already past an hour: it ends now; the younger one at an hour from its start.
        Assert.Equal(1, await Store.ApplyLimitsAsync(session.TenantId, session.UserId, SessionLimits.Default with { Absolute = TimeSpan.FromHours(1) }));
        Assert.Null(await Store.GetAsync(session.Id));
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Store.TouchAsync((await Store.GetAsync(younger.Id))!);
        }

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(await Store.GetAsync(younger.Id));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await Store.GetAsync(younger.Id));
    }

    [Fact]
    public async Task Activity_read_before_a_policy_change_does_not_write_the_old_limits_back()
    {
        var session = await Store.CreateAsync(Start(SessionLimits.Default));
        clock.Advance(TimeSpan.FromMinutes(5));
        var readBefore = (await Store.GetAsync(session.Id))!;
        await Store.ApplyLimitsAsync(session.TenantId, session.UserId, SessionLimits.Default with { Idle = TimeSpan.FromMinutes(10) });
        await Store.TouchAsync(readBefore);

        Assert.Equal(TimeSpan.FromMinutes(10), (await Store.GetAsync(session.Id))!.IdleTimeout);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await Store.GetAsync(session.Id));
    }

    [Fact]
    public async Task A_lower_session_limit_ends_the_oldest_sessions_or_under_refuse_new_the_newest()
    {
        var sessions = new List<SessionRecord> { await Store.CreateAsync(Start(SessionLimits.Default)) };
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            sessions.Add(await Store.CreateAsync(Start(SessionLimits.Default, sessions[0])));
        }

        var (tenant, user) = (sessions[0].TenantId, sessions[0].UserId);
        Assert.Equal(1, await Store.ApplyLimitsAsync(tenant, user, SessionLimits.Default with { MaxPerUser = 3 }));
        Assert.Equal([sessions[3].Id, sessions[2].Id, sessions[1].Id], (await Store.ListForUserAsync(tenant, user)).Select(s => s.Id));

        Assert.Equal(2, await Store.ApplyLimitsAsync(tenant, user, SessionLimits.Default with { MaxPerUser = 1, RefuseNew = true }));
        Assert.Equal([sessions[1].Id], (await Store.ListForUserAsync(tenant, user)).Select(s => s.Id));
    }

    [Fact]
    public async Task The_device_and_browser_come_from_the_user_agent()
    {
        var session = await Store.CreateAsync(Start(SessionLimits.Default) with
        {
            UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
        });
        Assert.Equal(("iPhone", "Safari 18"), (session.Device, session.Browser));
        Assert.Equal(("Windows computer", "Edge 131"), UserAgentSummary.Parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
        Assert.Equal(("Linux computer", "Firefox 128"), UserAgentSummary.Parse("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"));
        Assert.Equal(("Android phone", "Chrome 130"), UserAgentSummary.Parse("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"));
        Assert.Equal(("Unknown device", "Unknown browser"), UserAgentSummary.Parse(null));
    }

    [Fact]
    public async Task With_redis_stopped_the_store_throws_instead_of_answering_no_session_or_a_session()
    {
        var session = await Store.CreateAsync(Start(SessionLimits.Default));
        await redis.StopAsync();

        var failure = await Record.ExceptionAsync(() => Store.GetAsync(session.Id));
        Assert.True(SessionStoreUnavailableHandler.IsSessionStoreFailure(failure), $"Got {failure?.GetType().Name ?? "no exception"}");
    }

    private static SessionStart Start(SessionLimits limits, SessionRecord? sameUserAs = null) =>
        new(sameUserAs?.UserId ?? Guid.NewGuid(), sameUserAs?.TenantId ?? Guid.NewGuid(), "127.0.0.1", "curl/8.0", "pwd") { Limits = limits };
}
