namespace Viggotech.Web.Api;

public sealed record BackupView(Guid BackupId, string Status, string Trigger, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, int PartsDone, int PartsTotal,
    long BytesWritten, string? Error, int Percent);

public sealed record RestoreTestView(Guid BackupId, DateTimeOffset FinishedAt, bool Succeeded, int TablesChecked, long RowsChecked, int DocumentsChecked, string? Problem);

public sealed record LastVerifiedRestoreView(RestoreTestView Latest, RestoreTestView? LastSucceeded);

public sealed record RetentionView(int DailyBackups, int MonthlyBackups);

public sealed record BackupsOverviewView(IReadOnlyList<BackupView> Backups, LastVerifiedRestoreView? LastVerifiedRestore, RetentionView Retention);

public sealed record BackupStartedView(Guid Id);

public sealed record ExportView(Guid Id, string Status, string? Step, int Percent, DateTimeOffset RequestedAt, DateTimeOffset? ReadyAt, DateTimeOffset? ExpiresAt,
    long Size, DateTimeOffset? DownloadedAt, string? Error);

public sealed record ExportTicketView(Guid Id, string DownloadToken);
