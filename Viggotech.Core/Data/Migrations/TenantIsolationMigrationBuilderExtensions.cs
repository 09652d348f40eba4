using Microsoft.EntityFrameworkCore.Migrations;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Data.Migrations;

public static class TenantIsolationMigrationBuilderExtensions
{
    /// <summary>The policy every tenant-owned table carries.</summary>
    public const string PolicyName = "tenant_isolation";

    /// <summary>
    /// The current tenant as the policies see it. An unset or empty setting gives null, which
    /// equals nothing, so a session without a tenant sees and writes no tenant row.
    /// </summary>
    public const string CurrentTenantSql = $"nullif(current_setting('{TenantSessionInterceptor.SettingName}', true), '')::uuid";

    /// <summary>
    /// Walls a tenant-owned table (one with a <c>tenant_id uuid</c> column) off by tenant:
    /// row-level security enabled and forced (so it binds the owner role too), and one policy
    /// that limits reads and writes to rows of the current tenant. Call it in the migration that
    /// creates the table, right after <c>CreateTable</c>.
    /// </summary>
    public static MigrationBuilder EnableTenantIsolation(this MigrationBuilder migrationBuilder, string table, string schema = "public")
    {
        var qualified = $"{Quote(schema)}.{Quote(table)}";
        migrationBuilder.Sql($"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY;");
        migrationBuilder.Sql($"ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY;");
        migrationBuilder.Sql(
            $"CREATE POLICY {PolicyName} ON {qualified} " +
            $"USING (tenant_id = {CurrentTenantSql}) WITH CHECK (tenant_id = {CurrentTenantSql});");
        return migrationBuilder;
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
