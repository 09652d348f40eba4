using Microsoft.Extensions.Options;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Keys;

/// <summary>
/// Carries every tenant's running data key rotation forward: re-encrypts its fields and
/// documents onto the new key version in committed batches, then retires the old versions.
/// A run that is stopped (shutdown, crash, kill) is continued by the next run from the last
/// committed batch; several Worker instances share the work without doing any of it twice.
/// </summary>
internal sealed partial class KeyReencryptionJob(
    PlatformDbContext db,
    IServiceScopeFactory scopes,
    IOptions<CryptoOptions> options,
    ILogger<KeyReencryptionJob> logger) : IRecurringJob
{
    public const string Name = "key-reencryption";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var tenantId in await DataKeyReencryption.TenantsWithRunningRotationsAsync(db, cancellationToken))
        {
            // One tenant's trouble (Key Vault refusing its key, say) must not hold up the others.
            try
            {
                await using var scope = scopes.CreateTenantScope(tenantId);
                var outcome = await scope.ServiceProvider.GetRequiredService<DataKeyReencryption>()
                    .RunAsync(options.Value.ReencryptionBatchesPerRun, cancellationToken);
                LogOutcome(logger, tenantId, outcome);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, e, tenantId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-encryption for tenant {TenantId} failed; the next run retries")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-encryption for tenant {TenantId}: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, Guid tenantId, ReencryptionOutcome outcome);
}
