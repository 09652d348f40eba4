using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class BackupIsolationTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task A_second_tenant_cannot_see_list_or_verify_another_tenants_backups()
    {
        var owner = await fixture.NewTenantAsync(people: 1, documents: 0);
        var intruder = await fixture.NewTenantAsync(people: 1, documents: 0);
        var backup = await fixture.BackupAsync(owner);
        await fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(owner, backup.BackupId);

        Assert.DoesNotContain(await fixture.Backups.ListAsync(intruder), b => b.BackupId == backup.BackupId);
        Assert.Null(await fixture.Backups.GetAsync(intruder, backup.BackupId));
        Assert.Null(await fixture.Backups.LastVerifiedRestoreAsync(intruder));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(intruder, backup.BackupId));

        // Below the services: the app role acting for the intruder sees none of the rows.
        await using var connection = await fixture.Platform.OpenAppConnectionAsync(intruder);
        Assert.Equal(0L, await connection.ScalarAsync<long>("select count(*) from backups where id = $1", backup.BackupId));
        Assert.Equal(0L, await connection.ScalarAsync<long>("select count(*) from backup_verifications where backup_id = $1", backup.BackupId));
        Assert.Equal(0, await connection.ExecuteAsync("update backups set status = 'deleted' where id = $1", backup.BackupId));
    }

    [Fact]
    public async Task Another_tenants_backup_copied_under_a_tenants_name_does_not_open()
    {
        var owner = await fixture.NewTenantAsync(people: 1, documents: 0);
        var intruder = await fixture.NewTenantAsync(people: 1, documents: 0);
        var backup = await fixture.BackupAsync(owner);
        var container = fixture.Storage.RegionA;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = BackupStorage.Prefix(owner, backup.BackupId) }))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content;
            await container.GetBlobClient(blob.Name.Replace(owner.ToString("D"), intruder.ToString("D"), StringComparison.Ordinal)).UploadAsync(content);
        }

        var error = await Assert.ThrowsAsync<BackupVerificationException>(() => BackupReader.OpenAsync(fixture.Storage,
            fixture.Services.GetRequiredService<BackupSigningKeys>(), fixture.Services.GetRequiredService<KeyEncryptionKeys>(), intruder, backup.BackupId, default));
        Assert.Contains("belongs to another backup or tenant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_requested_backup_is_joined_rather_than_doubled()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);

        var first = await fixture.Backups.StartAsync(tenantId);
        var second = await fixture.Backups.StartAsync(tenantId);

        Assert.Equal(first, second);
        await fixture.Scheduler.RunForTenantAsync(tenantId);
        Assert.Equal(BackupStatus.Completed, (await fixture.Backups.GetAsync(tenantId, first))!.Status);
    }
}
