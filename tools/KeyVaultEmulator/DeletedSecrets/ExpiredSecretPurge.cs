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
            try
            {
                var purged = await vault.PurgeExpiredAsync(time.GetUtcNow());
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (IOException e)
            {
                // A file that cannot be removed now is tried again on the next round; the
                // emulator keeps serving meanwhile.
                LogPurgeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} deleted secrets past their scheduled purge date")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired deleted secrets failed; retrying on the next round")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
