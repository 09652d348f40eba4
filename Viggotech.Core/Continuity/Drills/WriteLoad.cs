using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Viggotech.Core.Continuity.Drills;

/// <summary>
/// Writers that commit one row per transaction into <c>platform.drill_writes</c> through the
/// services' own multi-host connection string, remembering every write the database acknowledged
/// and when writes succeeded, so a drill can count acknowledged writes lost and time the recovery.
/// </summary>
public sealed class WriteLoad : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly Guid drillId;
    private readonly ConcurrentBag<long> acknowledged = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<Task> writers = [];
    private long sequence;
    private long failures;
    private long lastSuccessTicks = -1;
    private long lossMarkTicks = long.MaxValue;
    private long firstSuccessAfterMarkTicks = -1;

    public WriteLoad(string appConnectionString, Guid drillId)
    {
        var builder = new NpgsqlConnectionStringBuilder(appConnectionString)
        {
            // Fail fast against a dead host so the writer retries (and finds the new primary) quickly.
            Timeout = 2,
            CommandTimeout = 10,
        };
        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        this.drillId = drillId;
    }

    public long Acknowledged => acknowledged.Count;

    public long Failures => Interlocked.Read(ref failures);

    public IReadOnlyCollection<long> AcknowledgedSequences => acknowledged.ToArray();

    public void Start(int writerCount)
    {
        for (var i = 0; i < writerCount; i++)
        {
            writers.Add(Task.Run(() => WriteUntilStoppedAsync(stop.Token)));
        }
    }

    /// <summary>Marks the moment the primary is lost; <see cref="RecoveredAfterMark"/> then times the first acknowledged write after it.</summary>
    public TimeSpan MarkPrimaryLoss()
    {
        var now = clock.Elapsed;
        Interlocked.Exchange(ref lossMarkTicks, now.Ticks);
        return now;
    }

    /// <summary>Time from the loss mark to the first write acknowledged after it; null while none has been.</summary>
    public TimeSpan? RecoveredAfterMark =>
        Interlocked.Read(ref firstSuccessAfterMarkTicks) is var first and >= 0 ? TimeSpan.FromTicks(first - Interlocked.Read(ref lossMarkTicks)) : null;

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(writers);
    }

    /// <summary>Acknowledged writes that <paramref name="connectionString"/>'s primary does not have.</summary>
    public async Task<long> CountMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("select seq from platform.drill_writes where drill_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = drillId });
        var present = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            present.Add(reader.GetInt64(0));
        }

        return acknowledged.Count(seq => !present.Contains(seq));
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        stop.Dispose();
        await dataSource.DisposeAsync();
    }

    private async Task WriteUntilStoppedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var seq = Interlocked.Increment(ref sequence);
            var started = clock.Elapsed.Ticks;
            try
            {
                await using var command = dataSource.CreateCommand("insert into platform.drill_writes (drill_id, seq) values ($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = drillId });
                command.Parameters.Add(new NpgsqlParameter { Value = seq });
                // Not cancelled on stop: a write in flight either commits (and is acknowledged) or fails.
                await command.ExecuteNonQueryAsync(CancellationToken.None);
                acknowledged.Add(seq);
                var now = clock.Elapsed.Ticks;
                Interlocked.Exchange(ref lastSuccessTicks, now);
                // Only a write begun after the loss proves recovery; one begun before may have
                // committed on the old primary in its last moments.
                if (started > Interlocked.Read(ref lossMarkTicks))
                {
                    Interlocked.CompareExchange(ref firstSuccessAfterMarkTicks, now, -1);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                Interlocked.Increment(ref failures);
                try
                {
                    await Task.Delay(20, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
