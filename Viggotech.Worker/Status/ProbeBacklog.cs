using System.Collections.Concurrent;
using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>
/// Probe results that could not be written yet, typically because the database itself was down.
/// They are written with their original times on the next run that reaches the database, so an
/// outage shows in the availability figures instead of as a silent gap.
/// </summary>
internal sealed class ProbeBacklog
{
    // A day of probes for every component; older results give way to newer ones.
    private const int Capacity = 24 * 120 * 8;
    private readonly ConcurrentQueue<ProbeResult> pending = new();

    public void Add(IEnumerable<ProbeResult> results)
    {
        foreach (var result in results)
        {
            pending.Enqueue(result);
        }

        while (pending.Count > Capacity && pending.TryDequeue(out _))
        {
        }
    }

    public List<ProbeResult> TakeAll()
    {
        var taken = new List<ProbeResult>();
        while (pending.TryDequeue(out var result))
        {
            taken.Add(result);
        }

        return taken;
    }
}
