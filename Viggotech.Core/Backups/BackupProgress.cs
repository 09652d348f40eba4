namespace Viggotech.Core.Backups;

/// <summary>How far a running backup has got, as the Api shows it while it builds.</summary>
public sealed record BackupProgress(
    Guid BackupId,
    Records.BackupStatus Status,
    Records.BackupTrigger Trigger,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int PartsDone,
    int PartsTotal,
    long RowsWritten,
    int DocumentsDone,
    int DocumentsTotal,
    long BytesWritten,
    string? Sha256,
    string? Error)
{
    /// <summary>0 to 100; parts are the unit, since a part's size is not known before it is written.</summary>
    public int Percent => Status == Records.BackupStatus.Completed ? 100 : PartsTotal == 0 ? 0 : Math.Min(99, PartsDone * 100 / PartsTotal);
}
