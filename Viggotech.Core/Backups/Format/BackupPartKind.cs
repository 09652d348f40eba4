namespace Viggotech.Core.Backups.Format;

public enum BackupPartKind
{
    /// <summary>The tenant's own row of the tenant registry.</summary>
    Tenant,

    /// <summary>Every row of one tenant table, as a binary COPY stream.</summary>
    Table,

    /// <summary>The tenant's document blobs as stored (already encrypted), in a <see cref="DocumentBundle"/>.</summary>
    Documents,
}
