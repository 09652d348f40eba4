using System.Collections.Concurrent;

namespace Viggotech.Worker.Jobs;

/// <summary>
/// Wake-up calls for this instance's job schedules: a service that stored a request asks for its
/// job (<see cref="Viggotech.Core.Jobs.JobWakeup"/>), <see cref="JobWakeupListener"/> hears it and
/// signals here, and the job's schedule stops sleeping and looks at once.
/// </summary>
public sealed class JobWakeups
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> signals = new(StringComparer.OrdinalIgnoreCase);

    public void Signal(string job)
    {
        var signal = SignalFor(job);
        // At most one pending wake-up: several requests while the job sleeps or runs mean one more look.
        lock (signal)
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>Sleeps for <paramref name="delay"/> or until the job is signalled, whichever comes first.</summary>
    public async Task WaitAsync(string job, TimeSpan delay, CancellationToken cancellationToken) =>
        await SignalFor(job).WaitAsync(delay, cancellationToken);

    private SemaphoreSlim SignalFor(string job) => signals.GetOrAdd(job, _ => new SemaphoreSlim(0, 1));
}
