using Viggotech.KeyVaultEmulator.Secrets;

namespace Viggotech.KeyVaultEmulator.DeletedSecrets;

/// <summary>
/// Purges deleted secrets once their scheduled purge date has passed, as Key Vault does, so a
/// long-lived local data folder does not keep deleted key material forever.
/// </summary>
public sealed partial class ExpiredSecretPurge(SecretVault vault, TimeProvider time, ILogger<ExpiredSecretPurge> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            var purged = await vault.PurgeExpiredAsync(time.GetUtcNow());
            if (purged > 0)
            {
                LogPurged(logger, purged);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} deleted secrets past their scheduled purge date")]
    private static partial void LogPurged(ILogger logger, int count);
}
