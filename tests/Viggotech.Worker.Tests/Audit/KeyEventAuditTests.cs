using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Audit.Webhooks;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Testing;
using Viggotech.Testing.Audit;
using Viggotech.Worker.Audit;

namespace Viggotech.Worker.Tests.Audit;

/// <summary>Encryption at rest reports key operations; the audit trail keeps them in the tenant's chain.</summary>
[Collection(WorkerPlatformCollection.Name)]
public sealed class KeyEventAuditTests(WorkerPlatformFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    private TenantKeys Keys => Platform.Services.GetRequiredService<TenantKeys>();

    [Fact]
    public async Task Key_creation_rotation_and_destruction_are_recorded_in_the_tenants_trail_and_it_still_verifies()
    {
        var tenant = await fixture.NewTenantAsync();

        await Keys.RotateKeyEncryptionKeyAsync(tenant);
        var dataKeyVersion = await Keys.RotateDataKeyAsync(tenant);
        await Keys.DestroyAsync(tenant);

        var events = await Platform.StoredEventsAsync(tenant);
        Assert.Equal(
            [AuditActions.TenantCreate, AuditActions.KeyCreate, AuditActions.KeyEncryptionKeyRotate, AuditActions.KeyEncryptionKeyDisable,
                AuditActions.DataKeyRotate, AuditActions.KeyDestroy],
            events.Select(e => e.Action));
        Assert.All(events.Skip(1), e => Assert.Equal(("tenant_keys", tenant.ToString(), "system"), (e.TargetType, e.TargetId, e.ActorType)));
        Assert.Contains($"\"dataKeyVersion\":\"{dataKeyVersion}\"", Encoding.UTF8.GetString(events.Single(e => e.Action == AuditActions.DataKeyRotate).Canonical),
            StringComparison.Ordinal);
        await fixture.RunAsync<AuditSealJob>();
        var verification = await Platform.VerifyExportAsync(tenant);
        Assert.True(verification.IsValid, verification.Problem?.Message);
    }

    [Fact]
    public async Task A_webhook_secret_is_stored_encrypted_and_after_crypto_shredding_nothing_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await fixture.NewTenantAsync();
        CreatedAuditWebhook webhook;
        await using (var scope = Platform.ForTenant(tenant))
        {
            webhook = await scope.Services.GetRequiredService<AuditWebhooks>().CreateAsync(receiver.Url.ToString());
            var stored = await scope.Db.AuditWebhooks.AsNoTracking().SingleAsync();
            Assert.DoesNotContain(webhook.Secret, Encoding.UTF8.GetString(stored.Secret), StringComparison.Ordinal);
        }
        receiver.Secret = webhook.Secret;

        await Keys.DestroyAsync(tenant);
        await fixture.RunAsync<AuditWebhookJob>();

        Assert.Equal(0, receiver.Refused);
        Assert.Empty(receiver.Events);
        await using var check = Platform.ForTenant(tenant);
        var status = (await check.Services.GetRequiredService<AuditWebhooks>().ListAsync()).Single();
        Assert.Equal((1, "The webhook's signing secret cannot be read; create the webhook again."), (status.Failures, status.LastError));
    }
}
