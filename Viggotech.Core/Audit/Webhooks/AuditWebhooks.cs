using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// The current tenant's audit webhooks: where events are pushed, the delivery state, and the
/// dead letters. Every change is recorded in the tenant's trail.
/// </summary>
public sealed class AuditWebhooks(PlatformDbContext db, ITenantContext tenant, TenantKeyring keyring, IAuditTrail audit, IOptions<AuditOptions> options, TimeProvider time)
{
    public const string UrlField = "url";

    /// <summary>
    /// Adds a webhook that receives every event recorded from now on (earlier ones are in the
    /// export and the pull feed). The secret is returned once, here, and never shown again.
    /// </summary>
    /// <exception cref="AuditValidationException">The URL is not an absolute https address the platform may reach.</exception>
    public Task<CreatedAuditWebhook> CreateAsync(string url, CancellationToken cancellationToken = default)
    {
        if (WebhookAddressRules.CheckUrl(url, options.Value.Webhooks.AllowPrivateNetworks) is { } problem)
        {
            throw AuditValidationException.For(UrlField, problem);
        }
        var tenantId = RequireTenant();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return db.InTransactionAsync(async ct =>
        {
            var head = await db.AuditChainHeads.Select(h => (long?)h.LastSeq).FirstOrDefaultAsync(ct) ?? 0;
            var id = Guid.CreateVersion7();
            using var key = await keyring.AcquireForWriteAsync(ct);
            var webhook = new AuditWebhook
            {
                TenantId = tenantId,
                Id = id,
                Url = url,
                Secret = FieldCipher.Encrypt(key, AuditWebhookTable.Secret, id, secret),
                Enabled = true,
                DeliveredThrough = head,
                NextAttemptAt = time.GetUtcNow(),
            };
            db.AuditWebhooks.Add(webhook);
            await db.SaveChangesAsync(ct);
            // The host only: a query string may carry the receiver's own token.
            await audit.RecordAsync(AuditActions.AuditWebhookCreate, Target(webhook.Id),
                details: new Dictionary<string, string> { ["host"] = new Uri(url).Host }, cancellationToken: ct);
            db.ChangeTracker.Clear();
            return new CreatedAuditWebhook(webhook.Id, url, secret);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditWebhookStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.AuditWebhooks.AsNoTracking().OrderBy(w => w.CreatedAt)
            .Select(w => new AuditWebhookStatus(w.Id, w.Url, w.Enabled, w.DeliveredThrough, w.Failures, w.NextAttemptAt, w.LastError, w.SuspendedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Dead-lettered batches, newest first: what the portal shows the tenant.</summary>
    public async Task<IReadOnlyList<AuditWebhookDeadLetter>> DeadLettersAsync(Guid? webhookId = null, CancellationToken cancellationToken = default) =>
        await db.AuditWebhookDeadLetters.AsNoTracking()
            .Where(d => webhookId == null || d.WebhookId == webhookId)
            .OrderByDescending(d => d.FailedAt)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Points the webhook at another receiver; delivery goes on from where it stood, so the new
    /// receiver gets every event the old one had not accepted. The secret stays the same.
    /// </summary>
    /// <exception cref="AuditValidationException">The URL is not an absolute https address the platform may reach.</exception>
    public Task<bool> UpdateUrlAsync(Guid webhookId, string url, CancellationToken cancellationToken = default)
    {
        if (WebhookAddressRules.CheckUrl(url, options.Value.Webhooks.AllowPrivateNetworks) is { } problem)
        {
            throw AuditValidationException.For(UrlField, problem);
        }
        return ChangeAsync(webhookId, AuditActions.AuditWebhookUpdate, w => w.Url = url, cancellationToken,
            details: new Dictionary<string, string> { ["host"] = new Uri(url).Host });
    }

    /// <summary>Removes the webhook and its dead letters; events stay in the trail, the feed and exports.</summary>
    public Task<bool> DeleteAsync(Guid webhookId, CancellationToken cancellationToken = default)
    {
        RequireTenant();
        return db.InTransactionAsync(async ct =>
        {
            await db.AuditWebhookDeadLetters.Where(d => d.WebhookId == webhookId).ExecuteDeleteAsync(ct);
            if (await db.AuditWebhooks.Where(w => w.Id == webhookId).ExecuteDeleteAsync(ct) == 0)
            {
                return false;
            }
            await audit.RecordAsync(AuditActions.AuditWebhookDelete, Target(webhookId), cancellationToken: ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Stops delivery; the position is kept, so enabling it again resumes where it stopped.</summary>
    public Task<bool> DisableAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        ChangeAsync(webhookId, AuditActions.AuditWebhookDisable, w => w.Enabled = false, cancellationToken);

    /// <summary>
    /// Delivers again, from the first event the receiver has not accepted: after a dead letter the
    /// refused batch is sent again first, so order holds and nothing is skipped.
    /// </summary>
    public Task<bool> ResumeAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        ChangeAsync(webhookId, AuditActions.AuditWebhookResume, w =>
        {
            w.Enabled = true;
            w.SuspendedAt = null;
            w.Failures = 0;
            w.LastError = null;
            w.NextAttemptAt = time.GetUtcNow();
        }, cancellationToken, markDeadLettersResumed: true);

    private Task<bool> ChangeAsync(Guid webhookId, string action, Action<AuditWebhook> change, CancellationToken cancellationToken, bool markDeadLettersResumed = false,
        IReadOnlyDictionary<string, string>? details = null)
    {
        RequireTenant();
        return db.InTransactionAsync(async ct =>
        {
            var webhook = await db.AuditWebhooks.FirstOrDefaultAsync(w => w.Id == webhookId, ct);
            if (webhook is null)
            {
                return false;
            }
            change(webhook);
            if (markDeadLettersResumed)
            {
                var now = time.GetUtcNow();
                await db.AuditWebhookDeadLetters.Where(d => d.WebhookId == webhookId && d.ResumedAt == null)
                    .ExecuteUpdateAsync(d => d.SetProperty(x => x.ResumedAt, now), ct);
            }
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(action, Target(webhookId), details: details, cancellationToken: ct);
            db.ChangeTracker.Clear();
            return true;
        }, cancellationToken);
    }

    private static AuditTarget Target(Guid webhookId) => new("audit_webhook", webhookId.ToString());

    private Guid RequireTenant() =>
        tenant.TenantId ?? throw new InvalidOperationException("Audit webhooks are a tenant's: enter the tenant first.");
}

/// <summary>A new webhook with its signing secret, which is shown only this once.</summary>
public sealed record CreatedAuditWebhook(Guid Id, string Url, string Secret)
{
    public override string ToString() => $"{nameof(CreatedAuditWebhook)} {Id}";
}

/// <summary>A webhook as the tenant sees it: everything but the secret.</summary>
public sealed record AuditWebhookStatus(
    Guid Id, string Url, bool Enabled, long DeliveredThrough, int Failures, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? SuspendedAt);
