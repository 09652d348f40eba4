using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Export;
using Viggotech.Testing;
using Viggotech.Testing.Audit;

namespace Viggotech.Core.Tests.Audit;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class AuditEventFeedTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task A_collector_paging_with_the_cursor_gets_every_event_once_in_order_with_hashes_it_can_check()
    {
        var tenant = await Platform.NewTenantAsync();
        for (var i = 0; i < 11; i++)
        {
            await Platform.AddAuditedNoteAsync(tenant, $"note {i}");
        }

        var seen = new List<long>();
        long cursor = 0;
        var previous = AuditHash.Zero.ToString();
        while (true)
        {
            using var page = await ReadJsonAsync(tenant, cursor, limit: 5);
            var events = page.RootElement.GetProperty("events").EnumerateArray().ToList();
            foreach (var e in events)
            {
                var raw = System.Text.Encoding.UTF8.GetBytes(e.GetProperty("event").GetRawText());
                Assert.Equal(e.GetProperty("hash").GetString(), AuditHash.Of(raw).ToString());
                Assert.Equal(previous, e.GetProperty("event").GetProperty("prev").GetString());
                previous = e.GetProperty("hash").GetString()!;
                seen.Add(e.GetProperty("seq").GetInt64());
            }
            var next = page.RootElement.GetProperty("next").GetInt64();
            if (events.Count == 0)
            {
                Assert.Equal(cursor, next);
                break;
            }
            cursor = next;
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(n => (long)n), seen);
    }

    [Fact]
    public async Task The_feed_shows_one_tenant_only_its_own_events()
    {
        var a = await Platform.NewTenantAsync();
        var b = await Platform.NewTenantAsync();
        await Platform.AddAuditedNoteAsync(a, "a's");

        await using var scope = Platform.ForTenant(b);
        var page = await scope.Services.GetRequiredService<AuditEventFeed>().ReadAsync(0, AuditEventFeed.MaxLimit);

        var only = Assert.Single(page.Events);
        Assert.Contains(b.ToString(), System.Text.Encoding.UTF8.GetString(only.Canonical), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 10, AuditEventFeed.AfterField)]
    [InlineData(0, 0, AuditEventFeed.LimitField)]
    [InlineData(0, 1001, AuditEventFeed.LimitField)]
    public async Task A_bad_cursor_or_limit_is_a_field_error(long after, int limit, string field)
    {
        var tenant = await Platform.NewTenantAsync();
        await using var scope = Platform.ForTenant(tenant);

        var error = await Assert.ThrowsAsync<AuditValidationException>(() => scope.Services.GetRequiredService<AuditEventFeed>().ReadAsync(after, limit));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public async Task The_feed_says_how_far_events_are_sealed_and_pruned()
    {
        var tenant = await Platform.OldTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.RecordAtAsync(tenant, DateTimeOffset.UtcNow.AddDays(-500), DateTimeOffset.UtcNow.AddDays(-499));
        await Platform.SealAsync(tenant, signer);
        await Platform.RecordAtAsync(tenant, DateTimeOffset.UtcNow);
        await Platform.SealAsync(tenant, signer);
        await Platform.PruneAsync(tenant, signer);

        using var page = await ReadJsonAsync(tenant, 0, 100);

        Assert.Equal(2, page.RootElement.GetProperty("prunedThrough").GetInt64());
        Assert.Equal(3, page.RootElement.GetProperty("sealedThrough").GetInt64());
        Assert.Equal([3L, 4L], page.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
    }

    private async Task<JsonDocument> ReadJsonAsync(Guid tenant, long after, int limit)
    {
        await using var scope = Platform.ForTenant(tenant);
        var page = await scope.Services.GetRequiredService<AuditEventFeed>().ReadAsync(after, limit);
        using var output = new MemoryStream();
        await page.WriteJsonAsync(output);
        return JsonDocument.Parse(output.ToArray());
    }
}
