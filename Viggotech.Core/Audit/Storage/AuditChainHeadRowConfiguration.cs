using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

internal sealed class AuditChainHeadRowConfiguration : IEntityTypeConfiguration<AuditChainHeadRow>
{
    public void Configure(EntityTypeBuilder<AuditChainHeadRow> head)
    {
        head.ToTable("audit_chain_heads", table =>
        {
            table.HasCheckConstraint("ck_audit_chain_heads_last_seq", "last_seq >= 0");
            table.HasCheckConstraint("ck_audit_chain_heads_last_hash", "octet_length(last_hash) = 32 and octet_length(prev_hash) = 32");
        });
        head.HasKey(x => x.TenantId);
        head.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
