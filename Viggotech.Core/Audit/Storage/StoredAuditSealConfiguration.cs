using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

internal sealed class StoredAuditSealConfiguration : IEntityTypeConfiguration<StoredAuditSeal>
{
    public void Configure(EntityTypeBuilder<StoredAuditSeal> seal)
    {
        seal.ToTable("audit_seals", table =>
        {
            table.HasCheckConstraint("ck_audit_seals_range", "first_seq >= 1 and last_seq >= first_seq");
            table.HasCheckConstraint("ck_audit_seals_hashes",
                "octet_length(last_hash) = 32 and octet_length(prev_seal_hash) = 32 and octet_length(seal_hash) = 32");
        });
        seal.HasKey(x => new { x.TenantId, x.LastSeq });
        // Two sealers racing for the same range: the second insert fails instead of forking the seal chain.
        seal.HasIndex(x => new { x.TenantId, x.FirstSeq }).IsUnique();
        seal.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
