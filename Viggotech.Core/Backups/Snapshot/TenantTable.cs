using Viggotech.Core.Data.Provisioning;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Snapshot;

/// <summary>
/// A table of the tenant's data as the backup sees it: its columns (generated ones left out, the
/// database computes them), its key columns (row order), whether it is append-only (evidence such
/// as the audit trail, backed up but never overwritten by a restore) and the tables it references.
/// </summary>
public sealed record TenantTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> KeyColumns, bool AppendOnly, IReadOnlyList<string> References)
{
    /// <summary>The registry table; the tenant's own row is its first part.</summary>
    public const string Registry = "tenants";

    public bool IsRegistry => Name == Registry;

    /// <summary>
    /// The rows of tenant <paramref name="tenantId"/> in key order, as a binary COPY stream. The
    /// tenant is named in the query as well as enforced by row-level security, so the same query
    /// reads the same rows back out of a scratch database, where the owner is not bound by it.
    /// </summary>
    public string ExportSql(Guid tenantId) =>
        $"COPY (SELECT {ColumnList(Columns)} FROM public.{Quote(Name)} WHERE {Quote(IsRegistry ? "id" : "tenant_id")} = '{tenantId:D}' " +
        $"ORDER BY {Order()}) TO STDOUT (FORMAT binary)";

    public string ImportSql() => $"COPY public.{Quote(Name)} ({ColumnList(Columns)}) FROM STDIN (FORMAT binary)";

    private string Order() => KeyColumns.Count > 0 ? ColumnList(KeyColumns) : $"{Quote(Name)}::text";

    public static string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    public static string Quote(string identifier) => SqlIdentifier.Quote(identifier);

    internal static string TenantSetting => TenantSessionInterceptor.SettingName;
}
