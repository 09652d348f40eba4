namespace Viggotech.Core.Backups;

/// <summary>How many backups a tenant keeps: the newest of each of the last <paramref name="DailyBackups"/> days with a backup, and of each of the last <paramref name="MonthlyBackups"/> months.</summary>
public sealed record BackupRetentionPolicy(int DailyBackups, int MonthlyBackups)
{
    public static BackupRetentionPolicy Default { get; } = new(Records.BackupPolicy.DefaultDaily, Records.BackupPolicy.DefaultMonthly);
}
