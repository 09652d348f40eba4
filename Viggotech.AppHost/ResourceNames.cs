namespace Viggotech.AppHost;

/// <summary>Names of the resources in the application model, shared by the AppHost and its tests.</summary>
public static class ResourceNames
{
    public const string PostgresPrimaryInit = "pg-primary-init";
    public const string PostgresPrimary = "pg-primary";
    public const string PostgresReplicaInit = "pg-replica-init";
    public const string PostgresReplica = "pg-replica";
    public const string Redis = "redis";
    public const string Storage = "storage";
    public const string KeyVault = "keyvault";
    public const string Mail = "mail";
    public const string Migrations = "migrations";
    public const string Api = "api";
    public const string Web = "web";
    public const string Worker = "worker";

    /// <summary>Connection strings handed to the services.</summary>
    public static class ConnectionStrings
    {
        /// <summary>The application role: no table ownership, row-level security applies. Both hosts, read-write target.</summary>
        public const string Database = "viggotech";

        /// <summary>The table owner, used only by the migration step.</summary>
        public const string DatabaseOwner = "viggotech-owner";

        /// <summary>The scratch database backups are restore-tested in, as its own role.</summary>
        public const string DatabaseRestore = "viggotech-restore";

        /// <summary>The cluster superuser, used only by the migration step to create roles and the database.</summary>
        public const string DatabaseAdmin = "postgres-admin";

        /// <summary>Direct connection to the region B replica, for read-only inspection.</summary>
        public const string DatabaseReplica = "viggotech-replica";

        public const string StorageRegionA = "storage-a";
        public const string StorageRegionB = "storage-b";
    }
}
