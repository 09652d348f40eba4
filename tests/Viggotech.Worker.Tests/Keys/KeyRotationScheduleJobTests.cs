using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Workspace;
using Viggotech.Testing;
using Viggotech.Worker.Keys;

namespace Viggotech.Worker.Tests.Keys;

[Collection(WorkerPlatformCollection.Name)]
public sealed class KeyRotationScheduleJobTests(WorkerPlatformFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    private TenantKeys Keys => Platform.Services.GetRequiredService<TenantKeys>();

    [Fact]
    public async Task A_data_key_older_than_the_schedule_is_rotated_with_its_key_encryption_key_and_a_younger_one_is_not()
    {
        var due = await fixture.NewTenantAsync();
        var notDue = await fixture.NewTenantAsync();
        var longSchedule = await fixture.NewTenantAsync();
        await AgeKeysAsync(due, days: 91);
        await AgeKeysAsync(notDue, days: 89);
        await AgeKeysAsync(longSchedule, days: 91);
        await using (var scope = Platform.ForTenant(longSchedule))
        {
            scope.Db.DataSettings.Add(new TenantDataSettings { TenantId = longSchedule, KeyRotationDays = 365, UpdatedAt = DateTimeOffset.UtcNow });
            await scope.Db.SaveChangesAsync();
        }
        var kekBefore = (await Keys.ListAsync(due)).Single().KekVersion;

        await fixture.RunAsync<KeyRotationScheduleJob>();

        var rotated = await Keys.ListAsync(due);
        Assert.Equal(2, rotated.Single(k => k.Status == DataKeyStatus.Active).Version);
        Assert.NotEqual(kekBefore, rotated.Single(k => k.Status == DataKeyStatus.Active).KekVersion);
        Assert.Equal(RotationStatus.Running, (await Keys.LatestRotationAsync(due))!.Status);
        Assert.Single(await Keys.ListAsync(notDue));
        Assert.Single(await Keys.ListAsync(longSchedule));
        await using (var scope = Platform.ForTenant(due))
        {
            var actions = await scope.Db.AuditEvents.Select(e => e.Action).ToListAsync();
            Assert.Contains(AuditActions.KeyEncryptionKeyRotate, actions);
            Assert.Contains(AuditActions.DataKeyRotate, actions);
        }

        // While its re-encryption runs the tenant is not rotated again.
        await fixture.RunAsync<KeyRotationScheduleJob>();
        Assert.Equal(2, (await Keys.ListAsync(due)).Count);
    }

    private async Task AgeKeysAsync(Guid tenantId, int days)
    {
        await using var scope = Platform.ForTenant(tenantId);
        await scope.Db.TenantDataKeys.ExecuteUpdateAsync(k => k.SetProperty(x => x.CreatedAt, DateTimeOffset.UtcNow.AddDays(-days)));
    }
}
