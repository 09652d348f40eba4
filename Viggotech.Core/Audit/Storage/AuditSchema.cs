using Microsoft.EntityFrameworkCore.Migrations;
using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Data.Migrations;

namespace Viggotech.Core.Audit.Storage;

/// <summary>
/// What the audit tables need beyond EF's tables: the tenant wall, append-only guards, and the
/// few database functions through which the app role may do what it otherwise cannot (list
/// tenants for the Worker's per-tenant jobs; prune by the retention rules).
/// </summary>
internal static class AuditSchema
{
    public static readonly string[] TenantTables =
    [
        "audit_events", "audit_chain_heads", "audit_seals", "audit_prune_records",
        "audit_settings", "audit_webhooks", "audit_webhook_dead_letters",
    ];

    /// <summary>Rows written once and never changed: the evidence. Only retention (as the owner) deletes from them.</summary>
    public static readonly string[] AppendOnlyTables = ["audit_events", "audit_seals", "audit_prune_records", "audit_signing_keys"];

    public static void Create(MigrationBuilder migrationBuilder)
    {
        foreach (var table in TenantTables)
        {
            migrationBuilder.EnableTenantIsolation(table);
        }

        migrationBuilder.CreateAppendOnlyGuard();
        foreach (var table in AppendOnlyTables)
        {
            migrationBuilder.MakeAppendOnly(table);
        }

        // The Worker's per-tenant jobs enter each tenant in turn; the app role cannot list
        // tenants itself (it sees only the current tenant's row) and has no BYPASSRLS.
        migrationBuilder.Sql("""
            CREATE FUNCTION public.list_tenant_ids()
            RETURNS SETOF uuid
            LANGUAGE sql
            STABLE
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS $$ SELECT id FROM public.tenants ORDER BY id $$;
            """);
        migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.list_tenant_ids() FROM PUBLIC;");

        // Tenants whose webhooks have events waiting and are due, without a query per tenant from
        // the Worker. Forced RLS binds the owner too, so it looks at one tenant at a time.
        migrationBuilder.Sql($"""
            CREATE FUNCTION public.audit_webhook_tenants_due()
            RETURNS SETOF uuid
            LANGUAGE plpgsql
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                previous text := coalesce(current_setting('{Tenancy.TenantSessionInterceptor.SettingName}', true), '');
                tenant uuid;
            BEGIN
                FOR tenant IN SELECT id FROM public.tenants ORDER BY id LOOP
                    PERFORM set_config('{Tenancy.TenantSessionInterceptor.SettingName}', tenant::text, true);
                    IF EXISTS (
                        SELECT 1 FROM public.audit_webhooks w
                        JOIN public.audit_chain_heads h ON h.tenant_id = w.tenant_id
                        WHERE w.tenant_id = tenant AND w.enabled AND w.suspended_at IS NULL
                          AND w.next_attempt_at <= now() AND w.delivered_through < h.last_seq) THEN
                        RETURN NEXT tenant;
                    END IF;
                END LOOP;
                PERFORM set_config('{Tenancy.TenantSessionInterceptor.SettingName}', previous, true);
            END
            $$;
            """);
        migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.audit_webhook_tenants_due() FROM PUBLIC;");

        // Retention's only way to delete evidence, for the current tenant: a whole sealed segment
        // from the start of the chain, every event of it past the tenant's retention, replaced by
        // the signed prune record in the same statement. The signature is made by the Worker (the
        // database has no key); the hashes recorded are taken from the stored seal, not the caller.
        migrationBuilder.Sql($"""
            CREATE FUNCTION public.audit_prune(p_last_seq bigint, p_pruned_at timestamptz, p_key_id text, p_signature bytea)
            RETURNS bigint
            LANGUAGE plpgsql
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                tenant uuid := nullif(current_setting('{Tenancy.TenantSessionInterceptor.SettingName}', true), '')::uuid;
                seal public.audit_seals%ROWTYPE;
                retention_days integer;
                removed bigint;
            BEGIN
                IF tenant IS NULL THEN
                    RAISE EXCEPTION 'audit_prune acts for the current tenant, and none is set' USING ERRCODE = 'insufficient_privilege';
                END IF;
                SELECT * INTO seal FROM public.audit_seals s WHERE s.tenant_id = tenant AND s.last_seq = p_last_seq;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'event % does not end a sealed segment', p_last_seq USING ERRCODE = 'check_violation';
                END IF;
                IF EXISTS (SELECT 1 FROM public.audit_prune_records r WHERE r.tenant_id = tenant AND r.last_seq >= p_last_seq) THEN
                    RAISE EXCEPTION 'events up to % are already pruned', p_last_seq USING ERRCODE = 'check_violation';
                END IF;
                IF p_pruned_at NOT BETWEEN now() - interval '1 hour' AND now() + interval '5 minutes' THEN
                    RAISE EXCEPTION 'a prune record is dated when it is made' USING ERRCODE = 'check_violation';
                END IF;
                SELECT coalesce((SELECT a.retention_days FROM public.audit_settings a WHERE a.tenant_id = tenant), {AuditRetentionPeriod.DefaultDays})
                    INTO retention_days;
                IF EXISTS (SELECT 1 FROM public.audit_events e
                           WHERE e.tenant_id = tenant AND e.seq <= p_last_seq AND e.time >= now() - make_interval(days => retention_days)) THEN
                    RAISE EXCEPTION 'events up to % are not all past the retention of % days', p_last_seq, retention_days
                        USING ERRCODE = 'check_violation';
                END IF;

                INSERT INTO public.audit_prune_records (tenant_id, last_seq, last_hash, seal_hash, pruned_at, key_id, signature)
                VALUES (tenant, p_last_seq, seal.last_hash, seal.seal_hash, p_pruned_at, p_key_id, p_signature);
                DELETE FROM public.audit_events e WHERE e.tenant_id = tenant AND e.seq <= p_last_seq;
                GET DIAGNOSTICS removed = ROW_COUNT;
                -- The prune record stands in for the seals of the removed range.
                DELETE FROM public.audit_seals s WHERE s.tenant_id = tenant AND s.last_seq <= p_last_seq;
                RETURN removed;
            END
            $$;
            """);
        migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.audit_prune(bigint, timestamptz, text, bytea) FROM PUBLIC;");
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP FUNCTION public.audit_prune(bigint, timestamptz, text, bytea);");
        migrationBuilder.Sql("DROP FUNCTION public.audit_webhook_tenants_due();");
        migrationBuilder.Sql("DROP FUNCTION public.list_tenant_ids();");
    }

    /// <summary>After the tables are dropped.</summary>
    public static void DropGuard(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP FUNCTION public.refuse_append_only_change();");
}
