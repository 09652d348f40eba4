namespace Viggotech.Core.Backups.Format;

/// <summary>A manifest or part is not in the backup format (malformed JSON, missing members, bad values).</summary>
public sealed class BackupFormatException(string message, Exception? inner = null) : Exception(message, inner);
