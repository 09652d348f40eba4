using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Retention;
using Viggotech.Core.Continuity.Replication;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class BackupRetentionTests(BackupPlatformFixture fixture)
{
    private static readonly DateTimeOffset Today = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_keeps_the_newest_backup_of_each_of_35_days_and_of_each_of_12_months()
    {
        // Two backups a day (the daily one and one on demand) for 500 days.
        var backups = Enumerable.Range(0, 500)
            .SelectMany(day => new[] { Backup(Today.AddDays(-day)), Backup(Today.AddDays(-day).AddHours(-2)) })
            .ToList();

        var expired = BackupRetention.Expired(backups, BackupRetentionPolicy.Default).ToHashSet();
        var kept = backups.Where(b => !expired.Contains(b.Id)).OrderByDescending(b => b.TakenAt).ToList();

        var daily = Enumerable.Range(0, 35).Select(day => Today.AddDays(-day)).ToList();
        // The newest of each month: the 27th of this month, then the last day of each earlier month.
        var monthly = Enumerable.Range(0, 12).Select(m => m == 0 ? Today : LastDay(Today.AddMonths(-m))).ToList();
        var expected = daily.Union(monthly).OrderDescending().ToList();
        Assert.Equal(expected, kept.Select(b => b.TakenAt));
    }

    [Fact]
    public void A_tenants_own_policy_is_followed_and_the_newest_backup_is_always_kept()
    {
        var backups = Enumerable.Range(0, 10).Select(day => Backup(Today.AddDays(-day))).ToList();

        var expired = BackupRetention.Expired(backups, new BackupRetentionPolicy(3, 0));

        Assert.Equal(7, expired.Count);
        Assert.DoesNotContain(backups[0].Id, expired);
        Assert.Empty(BackupRetention.Expired([backups[0]], new BackupRetentionPolicy(1, 0)));
    }

    [Fact]
    public async Task Expired_backups_are_deleted_from_both_regions_and_the_newest_stays()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        await fixture.Backups.SetRetentionAsync(tenantId, new BackupRetentionPolicy(1, 0));
        var older = await fixture.BackupAsync(tenantId);
        var newer = await fixture.BackupAsync(tenantId);
        await using (var scope = fixture.Platform.WithoutTenant())
        {
            var copier = scope.Services.GetRequiredService<BlobCopier>();
            while ((await copier.CopyDueAsync(50, default)).Copied > 0)
            {
            }
        }

        Assert.True(await fixture.Blob(fixture.Storage.RegionB, tenantId, older.BackupId, BackupManifest.FileName).ExistsAsync());

        var deleted = await fixture.Services.GetRequiredService<BackupRetention>().RunAsync(tenantId);

        Assert.Equal(1, deleted);
        Assert.False(await fixture.Blob(fixture.Storage.RegionA, tenantId, older.BackupId, BackupManifest.FileName).ExistsAsync());
        Assert.False(await fixture.Blob(fixture.Storage.RegionB, tenantId, older.BackupId, BackupManifest.FileName).ExistsAsync());
        Assert.True(await fixture.Blob(fixture.Storage.RegionA, tenantId, newer.BackupId, BackupManifest.FileName).ExistsAsync());
        var listed = await fixture.Backups.ListAsync(tenantId);
        Assert.Equal([newer.BackupId], listed.Select(b => b.BackupId));
        Assert.Equal(BackupStatus.Deleted, (await fixture.Backups.GetAsync(tenantId, older.BackupId))!.Status);
    }

    [Fact]
    public async Task A_retention_of_no_daily_backups_is_refused()
    {
        var tenantId = await fixture.NewTenantAsync(people: 0, documents: 0);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Backups.SetRetentionAsync(tenantId, new BackupRetentionPolicy(0, 12)));
        Assert.Equal(BackupRetentionPolicy.Default, await fixture.Backups.RetentionAsync(tenantId));
    }

    private static RetainedBackup Backup(DateTimeOffset takenAt) => new(Guid.NewGuid(), takenAt);

    private static DateTimeOffset LastDay(DateTimeOffset inMonth) =>
        new DateTimeOffset(inMonth.Year, inMonth.Month, DateTime.DaysInMonth(inMonth.Year, inMonth.Month), 3, 0, 0, TimeSpan.Zero);
}
