using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// Pushes the current tenant's new events to its webhooks, in sequence order, at least once.
/// Each batch is sent while its webhook row is locked, and the position moves only after the
/// receiver answered 2xx, in the same transaction; a crash in between sends the batch again.
/// A failure waits (doubling from <see cref="AuditWebhookOptions.RetryBaseDelay"/>); after
/// <see cref="AuditWebhookOptions.MaxAttempts"/> failures the batch is dead-lettered and the
/// webhook suspended at that batch, so no later event overtakes it, until the tenant resumes it.
/// </summary>
public sealed partial class TenantWebhookDelivery(
    PlatformDbContext db, ITenantContext tenant, TenantKeyring keyring, AuditWebhookClient client, IAuditTrail audit,
    IOptions<AuditOptions> options, TimeProvider time, ILogger<TenantWebhookDelivery> logger)
{
    /// <summary>Batches per webhook per run, so one busy tenant does not hold the others up.</summary>
    private const int MaxBatchesPerRun = 50;

    private AuditWebhookOptions Settings => options.Value.Webhooks;

    /// <returns>How many events receivers accepted.</returns>
    public async Task<long> DeliverAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Delivery is per tenant: enter the tenant first.");
        var now = time.GetUtcNow();
        var due = await db.AuditWebhooks.AsNoTracking()
            .Where(w => w.Enabled && w.SuspendedAt == null && w.NextAttemptAt <= now)
            .Select(w => w.Id)
            .ToListAsync(cancellationToken);
        long delivered = 0;
        foreach (var webhookId in due)
        {
            for (var batch = 0; batch < MaxBatchesPerRun; batch++)
            {
                var accepted = await DeliverNextBatchAsync(tenantId, webhookId, cancellationToken);
                if (accepted <= 0)
                {
                    break;
                }
                delivered += accepted;
            }
        }
        return delivered;
    }

    /// <returns>Events accepted; 0 when there was nothing to send or the webhook is busy or not due; -1 on failure.</returns>
    private Task<long> DeliverNextBatchAsync(Guid tenantId, Guid webhookId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // Another Worker may be delivering this webhook: skip it rather than send twice at once.
            var webhook = await db.AuditWebhooks
                .FromSql($"select * from audit_webhooks where id = {webhookId} and enabled and suspended_at is null and next_attempt_at <= now() for update skip locked")
                .SingleOrDefaultAsync(ct);
            if (webhook is null)
            {
                return 0L;
            }
            var events = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Seq > webhook.DeliveredThrough)
                .OrderBy(e => e.Seq)
                .Take(Settings.BatchSize)
                .Select(e => new { e.Seq, e.Hash, e.Canonical })
                .ToListAsync(ct);
            if (events.Count == 0)
            {
                return 0L;
            }

            var batch = AuditWebhookBatch.Create(tenantId, webhookId, [.. events.Select(e => (e.Seq, e.Hash, e.Canonical))]);
            var (secret, error) = await SecretAsync(webhook, ct);
            if (secret is not null)
            {
                error = await PostAsync(webhook, secret, batch, ct);
            }
            if (error is null)
            {
                webhook.DeliveredThrough = batch.LastSeq;
                webhook.Failures = 0;
                webhook.LastError = null;
                webhook.NextAttemptAt = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
                return batch.LastSeq - batch.FirstSeq + 1;
            }

            webhook.Failures++;
            webhook.LastError = error;
            if (webhook.Failures >= Settings.MaxAttempts)
            {
                await DeadLetterAsync(webhook, batch, error, ct);
            }
            else
            {
                webhook.NextAttemptAt = time.GetUtcNow() + Backoff(webhook.Failures);
                LogRetry(logger, webhookId, batch.FirstSeq, batch.LastSeq, webhook.Failures, error);
            }
            await db.SaveChangesAsync(ct);
            return -1L;
        }, cancellationToken);

    /// <summary>An unreadable secret (keys destroyed or the value tampered with) fails the attempt like a refused delivery.</summary>
    private async Task<(string? Secret, string? Error)> SecretAsync(AuditWebhook webhook, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = keyring.CreateReader();
            return (await reader.ReadAsync(AuditWebhookTable.Secret, webhook.Id, webhook.Secret, cancellationToken), null);
        }
        catch (Exception e) when (e is DataIntegrityException or TenantKeyDestroyedException or TenantKeyUnavailableException)
        {
            return (null, "The webhook's signing secret cannot be read; create the webhook again.");
        }
    }

    private async Task<string?> PostAsync(AuditWebhook webhook, string secret, AuditWebhookBatch batch, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(batch.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.Add(AuditWebhookSignature.HeaderName, AuditWebhookSignature.Create(secret, time.GetUtcNow().ToUnixTimeSeconds(), batch.Body));
        // The same id for every attempt at this batch: receivers can drop a repeat they already stored.
        content.Headers.Add("X-Viggotech-Delivery", string.Create(CultureInfo.InvariantCulture, $"{webhook.Id}:{batch.FirstSeq}-{batch.LastSeq}"));
        try
        {
            using var response = await client.PostAsync(new Uri(webhook.Url), content, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"No answer within {Settings.Timeout.TotalSeconds:0.#} s";
        }
    }

    private async Task DeadLetterAsync(AuditWebhook webhook, AuditWebhookBatch batch, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        webhook.SuspendedAt = now;
        db.AuditWebhookDeadLetters.Add(new AuditWebhookDeadLetter
        {
            TenantId = webhook.TenantId,
            Id = Guid.CreateVersion7(),
            WebhookId = webhook.Id,
            FirstSeq = batch.FirstSeq,
            LastSeq = batch.LastSeq,
            Attempts = webhook.Failures,
            LastError = error,
            FailedAt = now,
        });
        await audit.RecordAsync(AuditActions.AuditWebhookDeadLetter, new AuditTarget("audit_webhook", webhook.Id.ToString()), AuditResult.Failure,
            new Dictionary<string, string>
            {
                ["firstSeq"] = batch.FirstSeq.ToString(CultureInfo.InvariantCulture),
                ["lastSeq"] = batch.LastSeq.ToString(CultureInfo.InvariantCulture),
                ["attempts"] = webhook.Failures.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
        LogDeadLetter(logger, webhook.Id, batch.FirstSeq, batch.LastSeq, webhook.Failures, error);
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = Settings.RetryBaseDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < Settings.RetryMaxDelay ? delay : Settings.RetryMaxDelay;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Audit webhook {WebhookId} refused events {FirstSeq}-{LastSeq} (attempt {Attempt}): {Error}; retrying later")]
    private static partial void LogRetry(ILogger logger, Guid webhookId, long firstSeq, long lastSeq, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Audit webhook {WebhookId} dead-lettered events {FirstSeq}-{LastSeq} after {Attempts} attempts: {Error}; delivery is suspended until resumed")]
    private static partial void LogDeadLetter(ILogger logger, Guid webhookId, long firstSeq, long lastSeq, int attempts, string error);
}
