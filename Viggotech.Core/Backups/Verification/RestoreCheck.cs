namespace Viggotech.Core.Backups.Verification;

/// <summary>What a restore into the scratch database checked: tables, rows, documents, and which region's copy was read.</summary>
public sealed record RestoreCheck(Guid BackupId, int Tables, long Rows, int Documents, int MissingDocuments, string Region);
