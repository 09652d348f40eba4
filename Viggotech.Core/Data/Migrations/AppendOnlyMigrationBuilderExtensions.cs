using Microsoft.EntityFrameworkCore.Migrations;

namespace Viggotech.Core.Data.Migrations;

public static class AppendOnlyMigrationBuilderExtensions
{
    /// <summary>The trigger that marks a table append-only; the provisioner finds such tables by it.</summary>
    public const string TriggerName = "append_only";

    /// <summary>
    /// Creates the trigger function behind <see cref="MakeAppendOnly"/>, once per database. Rows of
    /// an append-only table can be deleted only by the table's owner (the retention function runs
    /// as the owner) and changed by no platform role at all; a superuser is let through because it
    /// could lift any guard anyway.
    /// </summary>
    public static MigrationBuilder CreateAppendOnlyGuard(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE FUNCTION public.refuse_append_only_change()
            RETURNS trigger
            LANGUAGE plpgsql
            SET search_path = pg_catalog, pg_temp
            AS $$
            BEGIN
                IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                   OR (TG_OP = 'DELETE' AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)) THEN
                    RETURN CASE WHEN TG_LEVEL = 'STATEMENT' THEN NULL WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END IF;
                RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$;
            """);
        return migrationBuilder;
    }

    /// <summary>
    /// Makes a table append-only for every role but its owner: UPDATE, DELETE and TRUNCATE are
    /// revoked from whoever holds them (the default privileges granted them to the app role when
    /// the table was created), and a trigger refuses them even if they are granted again by mistake.
    /// </summary>
    public static MigrationBuilder MakeAppendOnly(this MigrationBuilder migrationBuilder, string table)
    {
        var qualified = $"public.\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        migrationBuilder.Sql($"""
            DO $$
            DECLARE
                grantee text;
            BEGIN
                FOR grantee IN
                    SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END
                    FROM pg_class c, aclexplode(c.relacl) a
                    WHERE c.oid = '{qualified}'::regclass AND a.grantee <> c.relowner
                      AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
                LOOP
                    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON {qualified} FROM %s', grantee);
                END LOOP;
            END
            $$;
            """);
        migrationBuilder.Sql($"CREATE TRIGGER {TriggerName} BEFORE UPDATE OR DELETE ON {qualified} FOR EACH ROW EXECUTE FUNCTION public.refuse_append_only_change();");
        migrationBuilder.Sql($"CREATE TRIGGER {TriggerName}_truncate BEFORE TRUNCATE ON {qualified} FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_append_only_change();");
        return migrationBuilder;
    }
}
