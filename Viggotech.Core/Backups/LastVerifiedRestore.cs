namespace Viggotech.Core.Backups;

/// <summary>The newest restore test of a tenant's backups, and the newest that passed.</summary>
public sealed record LastVerifiedRestore(RestoreTestSummary Latest, RestoreTestSummary? LastSucceeded);

/// <summary>One restore test: which backup, when it finished, whether the restored data matched, and why not.</summary>
public sealed record RestoreTestSummary(Guid BackupId, DateTimeOffset FinishedAt, bool Succeeded, int TablesChecked, long RowsChecked, int DocumentsChecked, string? Problem);
