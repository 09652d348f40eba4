namespace Viggotech.Core.Backups;

/// <summary>Counters a running backup updates from its streams and its heartbeat reads, thread-safely.</summary>
internal sealed class BackupRunCounters
{
    private int partsDone;
    private long rowsWritten;
    private int documentsDone;

    public int PartsDone => Volatile.Read(ref partsDone);

    public long RowsWritten => Interlocked.Read(ref rowsWritten);

    public int DocumentsDone => Volatile.Read(ref documentsDone);

    public void PartDone(long rows)
    {
        Interlocked.Add(ref rowsWritten, rows);
        Interlocked.Increment(ref partsDone);
    }

    public void DocumentDone() => Interlocked.Increment(ref documentsDone);
}
