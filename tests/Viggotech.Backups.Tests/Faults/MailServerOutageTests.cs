using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Alerts;
using Viggotech.Testing;
using Viggotech.Testing.Mail;

namespace Viggotech.Backups.Tests.Faults;

/// <summary>The operators' mail server down when an alert is raised, then back: a real Worker process delivers the outbox.</summary>
[Collection(BackupPlatformCollection.Name)]
public sealed class MailServerOutageTests(BackupPlatformFixture fixture)
{
    private const string MailOutboxJob = "mail-outbox";

    [Fact]
    public async Task An_operator_alert_raised_while_the_mail_server_is_down_is_retried_and_arrives_after_it_returns()
    {
        var tenantId = await fixture.NewTenantAsync(people: 0, documents: 0);
        await using var mail = await TestSmtp4dev.StartAsync();
        await mail.StopAsync();

        await using (var scope = fixture.Platform.ForTenant(tenantId))
        {
            await scope.Services.GetRequiredService<OperatorAlerts>().RaiseAsync(OperatorAlertKinds.BackupFailed, tenantId, "backup during the outage", "The backup failed: storage unreachable.");
        }

        await using var worker = FaultWorker.Start(fixture, [MailOutboxJob], new Dictionary<string, string>
        {
            ["ConnectionStrings__mail"] = mail.SmtpConnectionString,
            ["Mail__RetryAfter"] = "00:00:00.500",
            ["Mail__MaxRetryAfter"] = "00:00:01",
        });
        await FaultWorker.WaitForAsync(worker, "two failed attempts", async () => await OutboxAsync(tenantId) is { Attempts: >= 2, Sent: false },
            state: async () => $"outbox: {await OutboxAsync(tenantId)}");
        var failing = await OutboxAsync(tenantId);
        Assert.NotNull(failing!.Error);
        Assert.DoesNotContain("@", failing.Error, StringComparison.Ordinal);

        await mail.StartAgainAsync();

        var text = await mail.Mailbox.WaitForTextAsync(BackupPlatformFixture.OperatorsEmail, $"Backup failed: tenant {tenantId:D}", TimeSpan.FromSeconds(60));
        Assert.Contains("storage unreachable", text, StringComparison.Ordinal);
        await FaultWorker.WaitForAsync(worker, "the mail marked sent", async () => await OutboxAsync(tenantId) is { Sent: true });
        Assert.Equal(1, await mail.Mailbox.CountAsync(BackupPlatformFixture.OperatorsEmail, $"tenant {tenantId:D}"));
        // The Worker logged the failures and the delivery, never the address it sends to.
        Assert.Contains("could not be sent", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BackupPlatformFixture.OperatorsEmail, worker.Output, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record OutboxState(int Attempts, bool Sent, string? Error);

    private async Task<OutboxState?> OutboxAsync(Guid tenantId)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        const string Where = " from platform.mail_outbox where subject like $1";
        var pattern = $"%tenant {tenantId:D}%";
        if (await connection.ScalarAsync<long>("select count(*)" + Where, pattern) == 0)
        {
            return null;
        }

        return new OutboxState(
            await connection.ScalarAsync<int>("select attempts" + Where, pattern),
            await connection.ScalarAsync<bool>("select sent_at is not null" + Where, pattern),
            await connection.ScalarAsync<string?>("select last_error" + Where, pattern));
    }
}
