using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Retention;

/// <summary>The current tenant's audit retention: how long events are kept before whole sealed segments may be pruned.</summary>
public sealed class AuditRetention(PlatformDbContext db, ITenantContext tenant, IAuditTrail audit, TimeProvider time)
{
    public const string RetentionDaysField = "retentionDays";

    public async Task<int> GetDaysAsync(CancellationToken cancellationToken = default)
    {
        var settings = await db.AuditSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return settings?.RetentionDays ?? AuditRetentionPeriod.DefaultDays;
    }

    /// <summary>Changes the retention and records <c>audit.retention.change</c> in the same transaction.</summary>
    /// <exception cref="AuditValidationException">Fewer than 90 days or more than ten years.</exception>
    public Task SetDaysAsync(int days, CancellationToken cancellationToken = default)
    {
        if (days is < AuditRetentionPeriod.MinimumDays or > AuditRetentionPeriod.MaximumDays)
        {
            throw AuditValidationException.For(RetentionDaysField,
                $"Keep audit events between {AuditRetentionPeriod.MinimumDays} days and ten years ({AuditRetentionPeriod.MaximumDays} days).");
        }
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Retention is a tenant's setting: enter the tenant first.");
        return db.InTransactionAsync(async ct =>
        {
            var settings = await db.AuditSettings.FirstOrDefaultAsync(ct);
            var previous = settings?.RetentionDays ?? AuditRetentionPeriod.DefaultDays;
            if (settings is null)
            {
                db.AuditSettings.Add(settings = new AuditSettings { TenantId = tenantId });
            }
            settings.RetentionDays = days;
            settings.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.AuditRetentionChange, new AuditTarget("tenant", tenantId.ToString()), details: new Dictionary<string, string>
            {
                ["from"] = previous.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["to"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
        }, cancellationToken);
    }
}
