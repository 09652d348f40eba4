using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

internal sealed class StoredAuditEventConfiguration : IEntityTypeConfiguration<StoredAuditEvent>
{
    public void Configure(EntityTypeBuilder<StoredAuditEvent> e)
    {
        e.ToTable("audit_events", table =>
        {
            table.HasCheckConstraint("ck_audit_events_seq", "seq > 0");
            table.HasCheckConstraint("ck_audit_events_hashes", "octet_length(prev_hash) = 32 and octet_length(hash) = 32");
            table.HasCheckConstraint("ck_audit_events_actor_type", "actor_type in ('user', 'app', 'operator', 'system')");
            table.HasCheckConstraint("ck_audit_events_result", "result in ('success', 'failure', 'denied')");
        });
        // The chain position is the key: a second event claiming a place already taken (a fork) cannot be stored.
        e.HasKey(x => new { x.TenantId, x.Seq });
        e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
        // The viewer filters by time and actor and action within a tenant; each index costs every append.
        e.HasIndex(x => new { x.TenantId, x.Time });
        e.HasIndex(x => new { x.TenantId, x.ActorId });
        e.HasIndex(x => new { x.TenantId, x.Action });
    }
}
