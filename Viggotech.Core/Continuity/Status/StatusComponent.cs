namespace Viggotech.Core.Continuity.Status;

/// <summary>A part of the platform that customers depend on and that the status page reports on.</summary>
public sealed record StatusComponent(string Id, string Name)
{
    public static readonly StatusComponent Api = new("api", "Api");
    public static readonly StatusComponent Portal = new("portal", "Portal");
    public static readonly StatusComponent Database = new("database", "Database (region A primary)");
    public static readonly StatusComponent DatabaseReplica = new("database-replica", "Database replication to region B");
    public static readonly StatusComponent SessionStore = new("session-store", "Session store");
    public static readonly StatusComponent StorageRegionA = new("storage-region-a", "Document storage, region A");
    public static readonly StatusComponent StorageRegionB = new("storage-region-b", "Document storage, region B");
    public static readonly StatusComponent KeyVault = new("key-vault", "Key management");

    /// <summary>Every component the probes cover, in the order the status page lists them.</summary>
    public static readonly IReadOnlyList<StatusComponent> All =
        [Portal, Api, Database, DatabaseReplica, SessionStore, StorageRegionA, StorageRegionB, KeyVault];
}
