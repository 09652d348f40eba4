namespace Viggotech.Core.Backups.Records;

public enum RestoreMode
{
    /// <summary>Into a new tenant beside the original, which stays as it is.</summary>
    Sandbox,

    /// <summary>Over the tenant's current data, which the backup replaces.</summary>
    InPlace,
}
