using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Testing;
using Viggotech.Testing.Audit;

namespace Viggotech.Core.Tests.Audit;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class AuditRetentionTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task Retention_prunes_whole_sealed_segments_past_retention_and_the_export_still_verifies()
    {
        var tenant = await Platform.OldTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.RecordAtAsync(tenant, DaysAgo(400), DaysAgo(399), DaysAgo(398));
        await Platform.SealAsync(tenant, signer);
        await Platform.RecordAtAsync(tenant, DaysAgo(200), DaysAgo(199));
        await Platform.SealAsync(tenant, signer);
        await Platform.RecordAtAsync(tenant, DaysAgo(0), DaysAgo(0));
        await Platform.SealAsync(tenant, signer);

        var first = await Platform.PruneAsync(tenant, signer);

        Assert.Equal((3L, 3L), (first!.Pruned.Record.Last, first.RemovedEvents));
        var afterFirst = await Platform.VerifyExportAsync(tenant);
        Assert.True(afterFirst.IsValid, afterFirst.Problem?.Message);
        Assert.Equal((3L, 4L, 8L), (afterFirst.PrunedThrough, afterFirst.FirstSequence!.Value, afterFirst.LastSequence!.Value));
        var pruneEvent = (await Platform.StoredEventsAsync(tenant)).Last();
        Assert.Equal((AuditActions.AuditPrune, "system"), (pruneEvent.Action, pruneEvent.ActorType));

        await using (var scope = Platform.ForTenant(tenant))
        {
            await scope.Services.GetRequiredService<AuditRetention>().SetDaysAsync(AuditRetentionPeriod.MinimumDays);
        }
        var second = await Platform.PruneAsync(tenant, signer);

        Assert.Equal(5L, second!.Pruned.Record.Last);
        var afterSecond = await Platform.VerifyExportAsync(tenant);
        Assert.True(afterSecond.IsValid, afterSecond.Problem?.Message);
        Assert.Equal((5L, 6L), (afterSecond.PrunedThrough, afterSecond.FirstSequence!.Value));
        await using var check = Platform.ForTenant(tenant);
        Assert.Equal([3L, 5L], await check.Db.AuditPruneRecords.OrderBy(p => p.LastSeq).Select(p => p.LastSeq).ToListAsync());
        Assert.Equal([7L], await check.Db.AuditSeals.Select(s => s.LastSeq).ToListAsync());
    }

    [Fact]
    public async Task A_segment_with_one_event_inside_retention_is_kept_whole()
    {
        var tenant = await Platform.OldTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.RecordAtAsync(tenant, DaysAgo(500), DaysAgo(10), DaysAgo(500));
        await Platform.SealAsync(tenant, signer);

        Assert.Null(await Platform.PruneAsync(tenant, signer));
        Assert.Equal(3, (await Platform.StoredEventsAsync(tenant)).Count);
    }

    [Fact]
    public async Task Old_events_that_are_not_sealed_yet_are_kept()
    {
        var tenant = await Platform.OldTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.RecordAtAsync(tenant, DaysAgo(500), DaysAgo(499));
        await Platform.SealAsync(tenant, signer);
        await Platform.RecordAtAsync(tenant, DaysAgo(498));

        var outcome = await Platform.PruneAsync(tenant, signer);

        Assert.Equal(2L, outcome!.Pruned.Record.Last);
        Assert.Equal([3L, 4L], (await Platform.StoredEventsAsync(tenant)).Select(e => e.Seq));
    }

    [Fact]
    public async Task The_app_role_cannot_prune_directly_what_retention_keeps()
    {
        var tenant = await Platform.OldTenantAsync();
        using var signer = await TestSigner.PublishedAsync(Platform);
        await Platform.RecordAtAsync(tenant, DaysAgo(400), DaysAgo(1));
        await Platform.SealAsync(tenant, signer);
        await Platform.RecordAtAsync(tenant, DaysAgo(0));
        await using var connection = await Platform.OpenAppConnectionAsync(tenant);
        const string Prune = "select audit_prune($1, now(), 'k', '\\x00')";

        var recent = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(Prune, 2L));
        var notABoundary = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(Prune, 1L));
        await using var noTenant = await Platform.OpenAppConnectionAsync(null);
        var withoutTenant = await Assert.ThrowsAsync<PostgresException>(() => noTenant.ExecuteAsync(Prune, 2L));

        Assert.Equal(PostgresErrorCodes.CheckViolation, recent.SqlState);
        Assert.Contains("retention", recent.MessageText, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.CheckViolation, notABoundary.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, withoutTenant.SqlState);
        Assert.Equal(3, (await Platform.StoredEventsAsync(tenant)).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(89)]
    [InlineData(3654)]
    public async Task Retention_outside_90_days_to_ten_years_is_refused_with_a_field_error(int days)
    {
        var tenant = await Platform.NewTenantAsync();
        await using var scope = Platform.ForTenant(tenant);
        var retention = scope.Services.GetRequiredService<AuditRetention>();

        var error = await Assert.ThrowsAsync<AuditValidationException>(() => retention.SetDaysAsync(days));

        Assert.Contains(AuditRetention.RetentionDaysField, error.Errors.Keys);
        Assert.Equal(AuditRetentionPeriod.DefaultDays, await retention.GetDaysAsync());
    }

    [Fact]
    public async Task A_retention_change_is_stored_and_recorded_in_the_trail()
    {
        var tenant = await Platform.NewTenantAsync();
        await using (var scope = Platform.ForTenant(tenant))
        {
            await scope.Services.GetRequiredService<AuditRetention>().SetDaysAsync(3653);
        }

        await using var check = Platform.ForTenant(tenant);
        Assert.Equal(3653, await check.Services.GetRequiredService<AuditRetention>().GetDaysAsync());
        var change = (await Platform.StoredEventsAsync(tenant)).Last();
        Assert.Equal(AuditActions.AuditRetentionChange, change.Action);
        Assert.Contains("\"from\":\"365\",\"to\":\"3653\"", System.Text.Encoding.UTF8.GetString(change.Canonical), StringComparison.Ordinal);
        await using var connection = await Platform.OpenAppConnectionAsync(tenant);
        var tooShort = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("update audit_settings set retention_days = 30"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, tooShort.SqlState);
    }

    private static DateTimeOffset DaysAgo(int days) => DateTimeOffset.UtcNow.AddDays(-days);
}
