namespace Viggotech.Core.Data;

/// <summary>Names of the connection strings (<c>ConnectionStrings:&lt;name&gt;</c>) for the platform database.</summary>
public static class PlatformDatabase
{
    /// <summary>The app role: owns nothing, subject to row-level security. Used by the Api and the Worker's jobs.</summary>
    public const string AppConnectionName = "viggotech";

    /// <summary>The owner role: owns the schema, runs migrations. Used only by the migration step.</summary>
    public const string OwnerConnectionName = "viggotech-owner";

    /// <summary>A superuser that creates the roles and the database. Used only by the migration step.</summary>
    public const string AdminConnectionName = "postgres-admin";

    /// <summary>
    /// The scratch database backups are restore-tested in, as the role that owns it (and can reach
    /// nothing else). Used by the Worker's restore tests and operator restores; the migration step
    /// creates both.
    /// </summary>
    public const string RestoreConnectionName = "viggotech-restore";
}
