using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;
using Viggotech.Core.Workspace;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Keys;

/// <summary>
/// Keeps each tenant's rotation schedule (<see cref="TenantDataSettings.KeyRotationDays"/>, 90 days
/// unless the tenant chose otherwise): once the active data key is that old, the key-encryption key
/// is rotated (data keys re-wrapped) and then the data key (re-encryption follows in
/// <see cref="KeyReencryptionJob"/>). A tenant whose rotation is still running is left alone; one
/// that has no keys yet (created before keys existed) gets them. Each rotation is audited as the
/// platform's doing by <see cref="TenantKeys"/>.
/// </summary>
internal sealed partial class KeyRotationScheduleJob(TenantSweep sweep, TenantKeys keys, TimeProvider time, ILogger<KeyRotationScheduleJob> logger) : IRecurringJob
{
    public const string Name = "key-rotation-schedule";

    public async Task RunAsync(CancellationToken cancellationToken) =>
        await sweep.ForEachTenantAsync(async (services, ct) =>
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            var tenantId = db.TenantId!.Value;
            var dataKeys = await db.TenantDataKeys.AsNoTracking().Select(k => new { k.Status, k.CreatedAt }).ToListAsync(ct);
            if (dataKeys.Count == 0)
            {
                await keys.CreateForTenantAsync(tenantId, ct);
                return;
            }

            // Destroyed keys (crypto-shredded tenant) have no active version and nothing to rotate.
            if (dataKeys.SingleOrDefault(k => k.Status == DataKeyStatus.Active) is not { } active
                || await db.DataKeyRotations.AnyAsync(r => r.Status == RotationStatus.Running, ct))
            {
                return;
            }

            var days = await db.DataSettings.AsNoTracking().Select(s => (int?)s.KeyRotationDays).SingleOrDefaultAsync(ct)
                ?? TenantDataSettings.DefaultKeyRotationDays;
            if (time.GetUtcNow() - active.CreatedAt < TimeSpan.FromDays(days))
            {
                return;
            }

            await keys.RotateKeyEncryptionKeyAsync(tenantId, ct);
            var version = await keys.RotateDataKeyAsync(tenantId, ct);
            LogRotated(logger, tenantId, days, version);
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled rotation for tenant {TenantId} (every {Days} days): data key version {Version}")]
    private static partial void LogRotated(ILogger logger, Guid tenantId, int days, int version);
}
