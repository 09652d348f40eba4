using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Viggotech.Core.Audit.Storage;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_chain_heads",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    prev_hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_chain_heads", x => x.tenant_id);
                    table.CheckConstraint("ck_audit_chain_heads_last_hash", "octet_length(last_hash) = 32 and octet_length(prev_hash) = 32");
                    table.CheckConstraint("ck_audit_chain_heads_last_seq", "last_seq >= 0");
                    table.ForeignKey(
                        name: "fk_audit_chain_heads_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    prev_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    canonical = table.Column<byte[]>(type: "bytea", nullable: false),
                    time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_type = table.Column<string>(type: "text", nullable: false),
                    actor_id = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    target_type = table.Column<string>(type: "text", nullable: true),
                    target_id = table.Column<string>(type: "text", nullable: true),
                    result = table.Column<string>(type: "text", nullable: false),
                    ip = table.Column<string>(type: "text", nullable: true),
                    user_agent = table.Column<string>(type: "text", nullable: true),
                    session_id = table.Column<string>(type: "text", nullable: true),
                    trace_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => new { x.tenant_id, x.seq });
                    table.CheckConstraint("ck_audit_events_actor_type", "actor_type in ('user', 'app', 'operator', 'system')");
                    table.CheckConstraint("ck_audit_events_hashes", "octet_length(prev_hash) = 32 and octet_length(hash) = 32");
                    table.CheckConstraint("ck_audit_events_result", "result in ('success', 'failure', 'denied')");
                    table.CheckConstraint("ck_audit_events_seq", "seq > 0");
                    table.ForeignKey(
                        name: "fk_audit_events_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_prune_records",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    seal_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    pruned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    key_id = table.Column<string>(type: "text", nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_prune_records", x => new { x.tenant_id, x.last_seq });
                    table.CheckConstraint("ck_audit_prune_records_hashes", "octet_length(last_hash) = 32 and octet_length(seal_hash) = 32");
                    table.ForeignKey(
                        name: "fk_audit_prune_records_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_seals",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_seq = table.Column<long>(type: "bigint", nullable: false),
                    first_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    prev_seal_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    seal_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    key_id = table.Column<string>(type: "text", nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_seals", x => new { x.tenant_id, x.last_seq });
                    table.CheckConstraint("ck_audit_seals_hashes", "octet_length(last_hash) = 32 and octet_length(prev_seal_hash) = 32 and octet_length(seal_hash) = 32");
                    table.CheckConstraint("ck_audit_seals_range", "first_seq >= 1 and last_seq >= first_seq");
                    table.ForeignKey(
                        name: "fk_audit_seals_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_settings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    retention_days = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_settings", x => x.tenant_id);
                    table.CheckConstraint("ck_audit_settings_retention_days", "retention_days between 90 and 3653");
                    table.ForeignKey(
                        name: "fk_audit_settings_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_signing_keys",
                columns: table => new
                {
                    kid = table.Column<string>(type: "text", nullable: false),
                    x = table.Column<string>(type: "text", nullable: false),
                    y = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_signing_keys", x => x.kid);
                });

            migrationBuilder.CreateTable(
                name: "audit_webhooks",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    delivered_through = table.Column<long>(type: "bigint", nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    suspended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_webhooks", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_audit_webhooks_delivery", "delivered_through >= 0 and failures >= 0");
                    table.CheckConstraint("ck_audit_webhooks_url", "url ~ '^https?://' and length(url) <= 2000");
                    table.ForeignKey(
                        name: "fk_audit_webhooks_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_webhook_dead_letters",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    webhook_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_seq = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_webhook_dead_letters", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_audit_webhook_dead_letters_audit_webhooks_tenant_id_webhook",
                        columns: x => new { x.tenant_id, x.webhook_id },
                        principalTable: "audit_webhooks",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_tenant_id_action",
                table: "audit_events",
                columns: new[] { "tenant_id", "action" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_tenant_id_actor_id",
                table: "audit_events",
                columns: new[] { "tenant_id", "actor_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_tenant_id_time",
                table: "audit_events",
                columns: new[] { "tenant_id", "time" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_seals_tenant_id_first_seq",
                table: "audit_seals",
                columns: new[] { "tenant_id", "first_seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_webhook_dead_letters_tenant_id_webhook_id_failed_at",
                table: "audit_webhook_dead_letters",
                columns: new[] { "tenant_id", "webhook_id", "failed_at" });

            AuditSchema.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditSchema.Drop(migrationBuilder);

            migrationBuilder.DropTable(
                name: "audit_chain_heads");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "audit_prune_records");

            migrationBuilder.DropTable(
                name: "audit_seals");

            migrationBuilder.DropTable(
                name: "audit_settings");

            migrationBuilder.DropTable(
                name: "audit_signing_keys");

            migrationBuilder.DropTable(
                name: "audit_webhook_dead_letters");

            migrationBuilder.DropTable(
                name: "audit_webhooks");

            AuditSchema.DropGuard(migrationBuilder);
        }
    }
}
