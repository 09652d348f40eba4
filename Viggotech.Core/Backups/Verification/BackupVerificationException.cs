namespace Viggotech.Core.Backups.Verification;

/// <summary>A backup does not match its manifest, or the restored data does not match the backup.</summary>
public sealed class BackupVerificationException(string message, Exception? inner = null) : Exception(message, inner);
