using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Audit;

/// <summary>
/// Seals every tenant's new events with the current Key Vault signing key (rotating it when it is
/// due), after publishing that key. Runs every <c>Audit:SealInterval</c> (default hourly).
/// </summary>
public sealed partial class AuditSealJob(AuditSigningKeyVault keys, PlatformDbContext db, TenantSweep tenants, ILogger<AuditSealJob> logger) : IRecurringJob
{
    public const string Name = "audit-seal";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var signer = await keys.PublishedSignerAsync(db, cancellationToken);
        var sealedTenants = 0;
        var failed = await tenants.ForEachTenantAsync(async (services, ct) =>
        {
            if (await services.GetRequiredService<TenantAuditSealer>().SealAsync(signer, ct) is not null)
            {
                Interlocked.Increment(ref sealedTenants);
            }
        }, cancellationToken);
        LogRun(logger, sealedTenants, failed, signer.KeyId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit sealing: {Sealed} tenant chains sealed, {Failed} failed, key {KeyId}")]
    private static partial void LogRun(ILogger logger, int @sealed, int failed, string keyId);
}
