namespace Viggotech.Core.Backups.Restore;

/// <summary>A restore was not started: the confirmation, the backup or the request does not allow it. Nothing was changed.</summary>
public sealed class RestoreRefusedException(string field, string message) : Exception(message)
{
    /// <summary>The request field at fault (<c>confirmation</c>, <c>backupId</c>, ...), for a field error.</summary>
    public string Field { get; } = field;
}
