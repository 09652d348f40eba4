namespace Viggotech.Core.Backups.Records;

[System.Text.Json.Serialization.JsonConverter(typeof(Viggotech.Core.Backups.CamelCaseEnumConverter<BackupStatus>))]
public enum BackupStatus
{
    /// <summary>Asked for (on demand); the Worker's backup job starts it within its next run.</summary>
    Requested,

    /// <summary>Parts are being written. A manifest exists only once every part is complete.</summary>
    Running,

    /// <summary>Every part and the signed manifest are in region A; copies to region B are queued.</summary>
    Completed,

    /// <summary>Stopped before its manifest was written (error, or the Worker died); its parts are deleted.</summary>
    Failed,

    /// <summary>Expired under the tenant's retention and deleted from both regions.</summary>
    Deleted,
}
