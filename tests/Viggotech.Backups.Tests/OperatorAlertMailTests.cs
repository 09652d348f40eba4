using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Alerts;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Data;
using Viggotech.Core.Mail;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

[Collection(BackupPlatformCollection.Name)]
public sealed class OperatorAlertMailTests(BackupPlatformFixture fixture)
{
    [Fact]
    public async Task A_failed_restore_test_is_mailed_to_the_operators_naming_the_tenant_backup_and_reason()
    {
        var tenantId = await fixture.NewTenantAsync(people: 2, documents: 1);
        var backup = await fixture.BackupAsync(tenantId);
        var manifest = await fixture.Blob(fixture.Storage.RegionA, tenantId, backup.BackupId, "manifest.json").DownloadContentAsync();
        var people = System.Text.Json.Nodes.JsonNode.Parse(manifest.Value.Content.ToString())!["parts"]!.AsArray()
            .Single(p => (string?)p!["table"] == "people")!["name"]!.GetValue<string>();
        var part = fixture.Blob(fixture.Storage.RegionA, tenantId, backup.BackupId, people);
        var bytes = (await part.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x01;
        await part.UploadAsync(new BinaryData(bytes), overwrite: true);

        var result = await fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(tenantId, backup.BackupId);

        Assert.False(result.Succeeded);
        // What the Worker's mail-outbox job runs.
        await fixture.Services.GetRequiredService<DurableMailOutbox>().DeliverDueAsync();
        var text = await fixture.Mail.Mailbox.WaitForTextAsync(BackupPlatformFixture.OperatorsEmail, $"Restore test failed: tenant {tenantId:D}");
        Assert.Contains($"backup {backup.BackupId:D}", text, StringComparison.Ordinal);
        Assert.Contains(people, text, StringComparison.Ordinal);
        Assert.Contains(OperatorAlertKinds.BackupVerificationFailed, text, StringComparison.Ordinal);
        // What failed and where, never the tenant's data.
        Assert.DoesNotContain("Person 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passing_restore_test_sends_no_mail()
    {
        var tenantId = await fixture.NewTenantAsync(people: 1, documents: 0);
        var backup = await fixture.BackupAsync(tenantId);

        var result = await fixture.Services.GetRequiredService<RestoreTests>().VerifyAsync(tenantId, backup.BackupId);

        Assert.True(result.Succeeded, result.Problem);
        await fixture.Services.GetRequiredService<DurableMailOutbox>().DeliverDueAsync();
        Assert.Equal(0, await fixture.Mail.Mailbox.CountAsync(BackupPlatformFixture.OperatorsEmail, $"tenant {tenantId:D}"));
    }

    [Fact]
    public async Task An_alert_raised_in_a_transaction_that_rolls_back_leaves_neither_the_alert_nor_its_mail()
    {
        var tenantId = await fixture.NewTenantAsync(people: 0, documents: 0);
        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            var db = scope.Services.GetRequiredService<PlatformDbContext>();
            var alerts = scope.Services.GetRequiredService<OperatorAlerts>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async ct =>
            {
                await alerts.RaiseAsync(OperatorAlertKinds.BackupFailed, tenantId, "backup rolled-back", "The backup failed.", ct);
                throw new InvalidOperationException("the work that raised it failed");
            }));
            await alerts.RaiseAsync(OperatorAlertKinds.BackupFailed, tenantId, "backup committed", "The backup failed.");
        }

        var queued = Assert.Single(await OutboxSubjectsAsync(tenantId));
        Assert.Equal($"{OperatorAlertMail.SubjectPrefix} Backup failed: tenant {tenantId:D}, backup committed", queued);
        Assert.Single(await fixture.AlertsAsync(tenantId));
    }

    private async Task<List<string>> OutboxSubjectsAsync(Guid tenantId)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        return await connection.ListAsync<string>("select subject from platform.mail_outbox where subject like $1", $"%tenant {tenantId:D}%");
    }
}
