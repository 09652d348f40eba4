using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Audit.Webhooks;
using Viggotech.Testing;
using Viggotech.Testing.Audit;
using Viggotech.Worker.Audit;

namespace Viggotech.Worker.Tests.Audit;

[Collection(WorkerPlatformCollection.Name)]
public sealed class AuditWebhookJobTests(WorkerPlatformFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task A_receiver_that_fails_for_a_while_gets_every_event_in_order_once_it_recovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(refuseFirst: 4);
        var tenant = await fixture.NewTenantAsync();
        var webhook = await CreateWebhookAsync(tenant, receiver);
        for (var i = 0; i < 20; i++)
        {
            await Platform.AddAuditedNoteAsync(tenant, $"note {i}");
        }
        var head = await HeadAsync(tenant);

        await RunJobUntilAsync(() => receiver.Events.Any(e => e.Seq == head));

        Assert.Equal(4, receiver.Refused);
        Assert.Empty(receiver.BadSignatures);
        var received = receiver.Events.ToList();
        Assert.Equal(await ExpectedAsync(tenant, webhook.Id, head), received.Select(e => e.Seq));
        Assert.All(received, e => Assert.True(e.HashMatches, $"event {e.Seq} does not match its hash"));
        Assert.All(received.Skip(1).Zip(received), pair => Assert.Equal(pair.Second.Hash, pair.First.Prev));
        var status = await StatusAsync(tenant, webhook.Id);
        Assert.Equal((head, 0, (string?)null, (DateTimeOffset?)null), (status.DeliveredThrough, status.Failures, status.LastError, status.SuspendedAt));
    }

    [Fact]
    public async Task After_ten_failures_the_batch_is_dead_lettered_delivery_waits_and_resuming_sends_everything_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Down = true;
        var tenant = await fixture.NewTenantAsync();
        var webhook = await CreateWebhookAsync(tenant, receiver);
        for (var i = 0; i < 3; i++)
        {
            await Platform.AddAuditedNoteAsync(tenant, $"note {i}");
        }

        await RunJobUntilAsync(async () => (await StatusAsync(tenant, webhook.Id)).SuspendedAt is not null);
        await fixture.RunAsync<AuditWebhookJob>();

        Assert.Equal(10, receiver.Refused);
        await using (var scope = Platform.ForTenant(tenant))
        {
            var letter = Assert.Single(await scope.Services.GetRequiredService<AuditWebhooks>().DeadLettersAsync(webhook.Id));
            var first = await FirstSentAsync(tenant, webhook.Id);
            // The webhook's creation and the three notes: one batch.
            Assert.Equal((first, first + 3, 10, "HTTP 503 Service Unavailable"), (letter.FirstSeq, letter.LastSeq, letter.Attempts, letter.LastError));
            var recorded = await scope.Db.AuditEvents.OrderByDescending(e => e.Seq).FirstAsync();
            Assert.Equal((AuditActions.AuditWebhookDeadLetter, "failure"), (recorded.Action, recorded.Result));
        }

        receiver.Recover();
        await using (var scope = Platform.ForTenant(tenant))
        {
            Assert.True(await scope.Services.GetRequiredService<AuditWebhooks>().ResumeAsync(webhook.Id));
        }
        var head = await HeadAsync(tenant);
        await RunJobUntilAsync(() => receiver.Events.Any(e => e.Seq == head));

        Assert.Equal(await ExpectedAsync(tenant, webhook.Id, head), receiver.Events.Select(e => e.Seq));
        await using var check = Platform.ForTenant(tenant);
        Assert.NotNull(Assert.Single(await check.Services.GetRequiredService<AuditWebhooks>().DeadLettersAsync(webhook.Id)).ResumedAt);
    }

    [Fact]
    public async Task A_disabled_webhook_receives_nothing_and_resumes_where_it_stopped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await fixture.NewTenantAsync();
        var webhook = await CreateWebhookAsync(tenant, receiver);
        await using (var scope = Platform.ForTenant(tenant))
        {
            Assert.True(await scope.Services.GetRequiredService<AuditWebhooks>().DisableAsync(webhook.Id));
        }
        await Platform.AddAuditedNoteAsync(tenant, "while disabled");

        await fixture.RunAsync<AuditWebhookJob>();
        Assert.Empty(receiver.Events);

        await using (var scope = Platform.ForTenant(tenant))
        {
            await scope.Services.GetRequiredService<AuditWebhooks>().ResumeAsync(webhook.Id);
        }
        var head = await HeadAsync(tenant);
        await RunJobUntilAsync(() => receiver.Events.Any(e => e.Seq == head));
        Assert.Equal(await ExpectedAsync(tenant, webhook.Id, head), receiver.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Outside_run_mode_a_webhook_cannot_reach_loopback_or_private_addresses()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var production = Options.Create(new AuditOptions());
        using var client = new AuditWebhookClient(production);

        using var content = new StringContent("{}");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(receiver.Url, content, CancellationToken.None));

        Assert.Contains("not a public address", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Refused);
        Assert.Empty(receiver.Events);
        Assert.NotNull(WebhookAddressRules.CheckUrl(receiver.Url.ToString(), allowPrivateNetworks: false));
        Assert.NotNull(WebhookAddressRules.CheckUrl("https://169.254.169.254/latest/meta-data", allowPrivateNetworks: false));
        Assert.Null(WebhookAddressRules.CheckUrl("https://siem.example.com/hook", allowPrivateNetworks: false));
    }

    private async Task<CreatedAuditWebhook> CreateWebhookAsync(Guid tenant, WebhookReceiver receiver)
    {
        await using var scope = Platform.ForTenant(tenant);
        var webhook = await scope.Services.GetRequiredService<AuditWebhooks>().CreateAsync(receiver.Url.ToString());
        receiver.Secret = webhook.Secret;
        return webhook;
    }

    /// <summary>Every event from the webhook's own creation (the first it is sent) through <paramref name="head"/>.</summary>
    private async Task<IEnumerable<long>> ExpectedAsync(Guid tenant, Guid webhookId, long head)
    {
        var first = await FirstSentAsync(tenant, webhookId);
        return Enumerable.Range((int)first, (int)(head - first + 1)).Select(n => (long)n);
    }

    private async Task<long> FirstSentAsync(Guid tenant, Guid webhookId)
    {
        await using var scope = Platform.ForTenant(tenant);
        return await scope.Db.AuditEvents.Where(e => e.Action == AuditActions.AuditWebhookCreate && e.TargetId == webhookId.ToString())
            .Select(e => e.Seq).SingleAsync();
    }

    private async Task<long> HeadAsync(Guid tenant) => (await Platform.StoredEventsAsync(tenant)).Max(e => e.Seq);

    private async Task<AuditWebhookStatus> StatusAsync(Guid tenant, Guid webhookId)
    {
        await using var scope = Platform.ForTenant(tenant);
        return (await scope.Services.GetRequiredService<AuditWebhooks>().ListAsync()).Single(w => w.Id == webhookId);
    }

    private Task RunJobUntilAsync(Func<bool> done) => RunJobUntilAsync(() => Task.FromResult(done()));

    /// <summary>Runs the delivery job as the Worker's schedule would, until the condition holds (or 30 s pass).</summary>
    private async Task RunJobUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "delivery did not finish within 30 s");
            await fixture.RunAsync<AuditWebhookJob>();
            await Task.Delay(25);
        }
    }
}
