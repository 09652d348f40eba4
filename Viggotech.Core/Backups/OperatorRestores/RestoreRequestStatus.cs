namespace Viggotech.Core.Backups.OperatorRestores;

public enum RestoreRequestStatus
{
    /// <summary>Stored; the Worker takes it within seconds.</summary>
    Queued,

    Running,

    Succeeded,

    /// <summary>Refused when run, or the restore failed; <see cref="RestoreRequest.Error"/> says why. Nothing was restored.</summary>
    Failed,
}
