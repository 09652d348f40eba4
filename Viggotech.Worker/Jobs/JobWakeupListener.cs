using Npgsql;
using Viggotech.Core.Data;
using Viggotech.Core.Jobs;

namespace Viggotech.Worker.Jobs;

/// <summary>
/// Listens on Postgres channel <see cref="JobWakeup.Channel"/> and passes each job name it hears to
/// <see cref="JobWakeups"/>. Only a shortcut: the requests themselves are rows and the job's next
/// run has already been moved to now, so while this connection is down (a failover, a restart)
/// jobs still start within a third of a lease.
/// </summary>
internal sealed partial class JobWakeupListener(IConfiguration configuration, JobWakeups wakeups, ILogger<JobWakeupListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configured = configuration.GetConnectionString(PlatformDatabase.AppConnectionName);
        if (configured is null)
        {
            return;
        }

        // Notifications are only sent on the primary, and a standby refuses LISTEN: with several
        // hosts, the connection follows the writable one, as every platform connection does.
        var connectionString = new NpgsqlConnectionStringBuilder(ReadWriteTarget.Apply(configured)) { KeepAlive = 15 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, notification) => wakeups.Signal(notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {JobWakeup.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                LogListening(logger);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Never ends the Worker: the schedules work without these calls.
                LogConnectionLost(logger, error);
            }

            await Task.Delay(RetryAfter, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listening for job wake-up calls")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job wake-up calls are not heard until the connection is back; jobs run on their schedules meanwhile")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception);
}
